/**
 * Portkey's open-source gateway (`@portkey-ai/gateway`, a devDependency) as its own process, headless, on a
 * free port. It listens on every interface by default; a preload binds it to 127.0.0.1.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port';
import { type ManagedProcess, startManagedProcess } from './managed-process';
import { waitForHttp } from './wait-for-http';

const PRELOAD = fileURLToPath(new URL('./loopback-listen-preload.mjs', import.meta.url));

export interface PortkeyProcess {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  version: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

function portkeyPackage(): { startServer: string; version: string } {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@portkey-ai/gateway/package.json');
  const manifest = require(manifestPath) as { version?: string };
  return { startServer: join(dirname(manifestPath), 'build/start-server.js'), version: manifest.version ?? 'unknown' };
}

export async function startPortkeyProcess(): Promise<PortkeyProcess> {
  const { startServer, version } = portkeyPackage();
  const port = await freePort();
  const managed = startManagedProcess({
    name: 'portkey gateway',
    args: ['--import', PRELOAD, startServer, `--port=${port}`, '--headless'],
    env: { NODE_ENV: 'production' },
  });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/`, managed, 30_000);
  } catch (error) {
    await managed.stop();
    throw error;
  }
  return { origin, version, process: managed, stop: () => managed.stop() };
}
