/** CPU time of processes read from /proc (Linux): user + system, in milliseconds. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const reported = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    ticksPerSecond = Number.isFinite(reported) && reported > 0 ? reported : 100;
  }
  return ticksPerSecond;
}

/** utime + stime of `pid` in ms, or undefined when the process is gone. */
export function cpuTimeMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / clockTicksPerSecond() : undefined;
  } catch {
    return undefined;
  }
}

/** Starts a CPU-time meter over some processes; `stop` returns the milliseconds each one used meanwhile. */
export function startCpuMeter(pids: number[]): { stop(): number[] } {
  const before = pids.map((pid) => cpuTimeMs(pid) ?? 0);
  return {
    stop: () => pids.map((pid, index) => (cpuTimeMs(pid) ?? 0) - (before[index] ?? 0)),
  };
}
