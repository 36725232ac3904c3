import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';

function commandOutput(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * One line describing where the figures come from: CPUs (`nproc`), CPU model, memory, kernel, node, commit, and
 * the load average when the run started (the machine is shared).
 */
export function machineDescription(): string {
  const processors = commandOutput('nproc', []) ?? String(cpus().length);
  const model = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  const memoryGiB = (totalmem() / 2 ** 30).toFixed(1);
  const commit = commandOutput('git', ['rev-parse', '--short', 'HEAD']) ?? 'unknown';
  const dirty = (commandOutput('git', ['status', '--porcelain']) ?? '') === '' ? '' : ' (uncommitted changes)';
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return `nproc ${processors} (${model}), ${memoryGiB} GiB RAM, Linux ${release()}; node ${process.version}; commit ${commit}${dirty}; load average at start ${load}`;
}
