import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface PrivateRedis {
  url: string;
  port: number;
  /** The running server's process id (for CPU metering). */
  readonly pid: number | undefined;
  /** Shuts the server down (as an outage would). */
  kill(): Promise<void>;
  /** Starts it again on the same port: empty, or with what its append-only file kept when `appendonly` is set. */
  restart(): Promise<void>;
  /** Kills it for good and removes its append-only file. */
  dispose(): Promise<void>;
}

export interface PrivateRedisOptions {
  /** Persist every write to an append-only file (fsync always) in a scratch directory, so a restart keeps the data. */
  appendonly?: boolean;
  /** More redis-server arguments (`['--maxmemory-policy', 'allkeys-lru']`). */
  args?: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A throwaway redis-server of a test's own, for outage tests that must not touch the shared one. */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const directory = options.appendonly ? mkdtempSync(join(tmpdir(), 'sluice-redis-')) : undefined;
  const persistence = directory
    ? ['--dir', directory, '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, ...(options.args ?? [])];
  let child = await launch(args, url);
  const kill = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  return {
    url,
    port,
    get pid() {
      return child.pid;
    },
    kill,
    async restart() {
      child = await launch(args, url);
    },
    async dispose() {
      await kill();
      if (directory) rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function launch(args: string[], url: string): Promise<ChildProcess> {
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  for (let tries = 0; tries < 50; tries += 1) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    const up = await probe
      .connect()
      .then(() => probe.ping())
      .then(
        () => true,
        () => false,
      );
    probe.disconnect();
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return child;
}
