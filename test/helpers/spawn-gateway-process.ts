import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../services/gateway/src/main.ts', import.meta.url));

export interface GatewayProcess {
  child: ChildProcess;
  /** The ingress URL, when the process runs one. */
  url: string | undefined;
  stdout: string[];
  stderr: string[];
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnGatewayOptions {
  timeoutMs?: number;
  /** A bundled entry (`scripts/bundle-gateway.mjs` output) to run instead of the TypeScript source under tsx. */
  entry?: string;
}

/** Runs the gateway as its own process — `services/gateway/src/main.ts` under tsx, or a bundle — and waits for it to start. */
export async function spawnGatewayProcess(
  env: Record<string, string>,
  options: SpawnGatewayOptions = {},
): Promise<GatewayProcess> {
  // A first start on a fresh embedded database creates it (initdb in a child process): several seconds on a busy machine.
  const timeoutMs = options.timeoutMs ?? 60_000;
  const args = options.entry === undefined ? ['--import', 'tsx', MAIN] : ['--enable-source-maps', options.entry];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
  const started = new Promise<string | undefined>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A gateway that did not start in time is stopped, so it cannot keep the test process alive.
      child.kill('SIGKILL');
      reject(new Error(`gateway did not start within ${timeoutMs} ms: ${stderr.join('')}`));
    }, timeoutMs);
    let buffered = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        stdout.push(line);
        if (line.includes('"sluice started"')) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { url?: string }).url);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}: ${stderr.join('')}`));
    });
  });
  const url = await started;
  return {
    child,
    url,
    stdout,
    stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/** Runs the gateway expecting it to fail at start; resolves with its exit code, stderr and how long it took. */
export async function runGatewayExpectingFailure(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; elapsedMs: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr, elapsedMs: Date.now() - started };
}
