/**
 * Child processes started by a benchmark: each one is registered so that `stopAllProcesses` can end every
 * one of them by PID at the end of a run, even after a failure or an interrupt.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Complete stdout lines received so far. */
  stdoutLines: string[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the first stdout line (past or future) for which `matches` is true. */
  waitForLine(matches: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartProcessOptions {
  name: string;
  args: string[];
  /** The program to run; node by default. */
  command?: string;
  env?: Record<string, string>;
  /** Working directory; defaults to the current one. */
  cwd?: string;
}

const running = new Set<ManagedProcess>();
let refusing = false;
// Whatever way this process ends (normal end, process.exit, an uncaught exception), its children end with it.
process.on('exit', () => killAllProcessesNow());

/** Starts `node <args>` (or `command <args>`) with the given environment added to this process's one. */
export function startManagedProcess(options: StartProcessOptions): ManagedProcess {
  if (refusing) throw new Error(`not starting ${options.name}: the run is being interrupted`);
  const child = spawn(options.command ?? process.execPath, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${options.name} did not start`);
  const stdoutLines: string[] = [];
  const lineWaiters = new Set<(line: string) => void>();
  let stderrText = '';
  let buffered = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderrText = (stderrText + text).slice(-20_000);
  });
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (stdoutLines.length < 1_000) stdoutLines.push(line);
      for (const waiter of lineWaiters) waiter(line);
    }
  });
  const exited = once(child, 'exit').then(() => undefined);
  const managed: ManagedProcess = {
    name: options.name,
    child,
    pid: child.pid,
    stdoutLines,
    stderr: () => stderrText,
    waitForLine: (matches, timeoutMs) => waitForLine(managed, lineWaiters, exited, matches, timeoutMs),
    async stop(graceMs = 10_000) {
      running.delete(managed);
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(managed.pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) process.kill(managed.pid, 'SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(managed);
  return managed;
}

function waitForLine(
  managed: ManagedProcess,
  waiters: Set<(line: string) => void>,
  exited: Promise<void>,
  matches: (line: string) => boolean,
  timeoutMs: number,
): Promise<string> {
  const seen = managed.stdoutLines.find(matches);
  if (seen !== undefined) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      clearTimeout(timer);
      waiters.delete(waiter);
    };
    const waiter = (line: string): void => {
      if (!matches(line)) return;
      finish();
      resolve(line);
    };
    const timer = setTimeout(() => {
      finish();
      reject(
        new Error(`${managed.name} printed no expected line within ${timeoutMs} ms: ${managed.stderr().slice(-2_000)}`),
      );
    }, timeoutMs);
    waiters.add(waiter);
    void exited.then(() => {
      finish();
      reject(new Error(`${managed.name} exited with ${managed.child.exitCode}: ${managed.stderr().slice(-2_000)}`));
    });
  });
}

/** Stops every process still registered, each by its PID. */
export async function stopAllProcesses(): Promise<void> {
  await Promise.allSettled([...running].map((managed) => managed.stop(5_000)));
}

/** Kills (SIGKILL, by PID) every registered process synchronously, and refuses to start new ones. */
export function killAllProcessesNow(): void {
  refusing = true;
  for (const managed of running) {
    if (managed.child.exitCode === null && managed.child.signalCode === null) process.kill(managed.pid, 'SIGKILL');
  }
  running.clear();
}
