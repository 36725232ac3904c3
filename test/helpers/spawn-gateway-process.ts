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

/** Runs `services/gateway/src/main.ts` as its own process, as `npm start` would, and waits for it to start. */
export async function spawnGatewayProcess(env: Record<string, string>, timeoutMs = 20_000): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
  const started = new Promise<string | undefined>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start: ${stderr.join('')}`)), timeoutMs);
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
export async function runGatewayExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; stderr: string; elapsedMs: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr, elapsedMs: Date.now() - started };
}
