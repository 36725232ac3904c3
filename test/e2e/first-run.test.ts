import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runGatewayExpectingFailure } from '../helpers/spawn-gateway-process';
import { deleteKeys } from '../helpers/start-test-gateway';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function occupiedPort(): Promise<Server> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

function portOf(server: Server): number {
  return (server.address() as { port: number }).port;
}

async function freePort(): Promise<number> {
  const server = await occupiedPort();
  const port = portOf(server);
  server.close();
  await once(server, 'close');
  return port;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a first run (docs/dashboard.md, "first run")', () => {
  test('a port in use is refused in one line, before Redis is even tried', async () => {
    const server = await occupiedPort();
    try {
      const { code, stderr, elapsedMs } = await runGatewayExpectingFailure({
        PORT: String(portOf(server)),
        REDIS_URL: 'redis://127.0.0.1:1',
        SLUICE_CONFIG: '',
      });
      assert.equal(code, 1);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, new RegExp(`port ${portOf(server)} on 127\\.0\\.0\\.1 is already in use`));
      assert.ok(elapsedMs < 15_000, `refused after ${elapsedMs} ms`);
    } finally {
      server.close();
    }
  });

  test('`npm start` names an empty provider key, and SIGINT to npm stops the gateway and frees its port', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sluice-first-run-'));
    const config = join(directory, 'sluice.yaml');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sluice.yaml's own ${ENV} syntax
    writeFileSync(config, 'providers:\n  openai: { type: openai, api_key: "${FIRST_RUN_KEY:-}" }\n');
    const port = await freePort();
    const prefix = `fr${randomUUID().slice(0, 8)}`;
    const npm = spawn('npm', ['start'], {
      cwd: REPOSITORY,
      env: {
        ...process.env,
        PORT: String(port),
        SLUICE_CONFIG: config,
        SLUICE_QUEUE_PREFIX: prefix,
        SLUICE_DATA_DIR: join(directory, 'data'),
        DATABASE_URL: '',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    try {
      const gatewayPid = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start did not start: ${lines.join('\n')}`)), 120_000);
        npm.stdout?.setEncoding('utf8').on('data', (text: string) => {
          lines.push(...text.split('\n'));
          const started = lines.find((line) => line.includes('"sluice started"'));
          if (started !== undefined) {
            clearTimeout(timer);
            resolve((JSON.parse(started) as { pid: number }).pid);
          }
        });
        npm.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${lines.join('\n')}`)));
      });
      assert.ok(
        lines.some((line) => line.includes('"openai\\" has no API key') && line.includes('FIRST_RUN_KEY')),
        lines.join('\n'),
      );
      const exited = once(npm, 'exit');
      npm.kill('SIGINT');
      await exited;
      const deadline = Date.now() + 30_000;
      while (isAlive(gatewayPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(isAlive(gatewayPid), false, 'the gateway process is gone');
      const server = createServer();
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
      server.close();
    } finally {
      if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
      await deleteKeys(REDIS_URL, prefix);
    }
  });
});
