import { readFileSync } from 'node:fs';

export interface RssSampler {
  /** Stops sampling; the peak and last VmRSS seen, in MB (10^6 bytes). */
  stop(): { peakMb: number; lastMb: number; samples: number };
}

/** VmRSS of a process in MB (10^6 bytes) from /proc/<pid>/status (which counts KiB), or undefined once it is gone. */
export function readRssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : (Number(match[1]) * 1024) / 1e6;
  } catch {
    return undefined;
  }
}

/** Samples a process's resident set size every `intervalMs` (100 ms by default) and keeps the peak. */
export function startRssSampler(pid: number, intervalMs = 100): RssSampler {
  let peakMb = 0;
  let lastMb = 0;
  let samples = 0;
  const sample = (): void => {
    const rssMb = readRssMb(pid);
    if (rssMb === undefined) return;
    samples += 1;
    lastMb = rssMb;
    peakMb = Math.max(peakMb, rssMb);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakMb, lastMb, samples };
    },
  };
}
