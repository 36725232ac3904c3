/**
 * Sluice started as its own process exactly as `npm start` runs it (scripts/start-gateway.sh on the bundle of `npm run
 * build`; built once per bench run), with a temporary sluice.yaml, a free port, a unique queue prefix and a temporary
 * data directory; `stop` ends it and removes its Redis keys and files.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScratchPostgres } from '../../test/helpers/scratch-databases';
import { deleteKeys } from '../../test/helpers/start-test-gateway';
import { registerCleanup } from './cleanup-registry';
import { freePort } from './free-port';
import { type ManagedProcess, startManagedProcess } from './managed-process';
import { waitForHttp } from './wait-for-http';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const START = join(REPOSITORY, 'scripts/start-gateway.sh');
let bundled: Promise<void> | undefined;

/** `npm run build`, once per bench process, so every Sluice started runs the current source. */
function ensureBundle(): Promise<void> {
  bundled ??= new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [join(REPOSITORY, 'scripts/bundle-gateway.mjs')], { cwd: REPOSITORY }, (error) =>
      error ? reject(error) : resolve(),
    );
  });
  return bundled;
}
const REDIS_URL = 'redis://127.0.0.1:6379';

export interface SluiceProcessOptions {
  configYaml: string;
  /** Extra environment (SLUICE_WORKER_CONCURRENCY, …). */
  env?: Record<string, string>;
  /** Directory to write a V8 CPU profile into when the process exits (`--cpu-prof`). */
  cpuProfileDir?: string;
  /** With `cpuProfileDir`: the sampling interval in µs (`--cpu-prof-interval`; node's default is 1,000). */
  cpuProfileIntervalUs?: number;
  /**
   * `pglite` (default, as `npm start` runs without DATABASE_URL): embedded PGlite under the data directory;
   * `postgres`: a scratch database on 127.0.0.1:5432, dropped on stop.
   */
  database?: 'pglite' | 'postgres';
  /** Join another process's deployment: its queue prefix and database (for split-service runs). */
  joinDeployment?: { prefix: string; databaseUrl: string };
}

export interface SluiceProcess {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  pid: number;
  /** The queue prefix and database URL other processes can join. */
  deployment: { prefix: string; databaseUrl: string | undefined };
  process: ManagedProcess;
  stop(): Promise<void>;
}

export async function startSluiceProcess(options: SluiceProcessOptions): Promise<SluiceProcess> {
  await ensureBundle();
  const directory = await mkdtemp(join(tmpdir(), 'sluice-bench-'));
  const configPath = join(directory, 'sluice.yaml');
  await writeFile(configPath, options.configYaml);
  const port = await freePort();
  const joined = options.joinDeployment;
  const prefix = joined?.prefix ?? `bench${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const interval =
    options.cpuProfileIntervalUs === undefined ? [] : ['--cpu-prof-interval', String(options.cpuProfileIntervalUs)];
  const profiling =
    options.cpuProfileDir === undefined ? [] : ['--cpu-prof', ...interval, '--cpu-prof-dir', options.cpuProfileDir];
  const postgres =
    options.database === 'postgres' && joined === undefined ? await createScratchPostgres('sluice_bench') : undefined;
  const databaseUrl = joined?.databaseUrl ?? postgres?.url;
  const managed = startManagedProcess({
    name: 'sluice',
    cwd: REPOSITORY,
    // The script execs node, so the process's pid is the gateway's.
    command: 'sh',
    args: [START, ...profiling],
    env: {
      SLUICE_CONFIG: configPath,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL,
      SLUICE_QUEUE_PREFIX: prefix,
      SLUICE_DATA_DIR: join(directory, 'data'),
      LOG_LEVEL: 'warn',
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
      ...options.env,
    },
  });
  const origin = `http://127.0.0.1:${port}`;
  let released: Promise<void> | undefined;
  const release = async (): Promise<void> => {
    await managed.stop(20_000);
    if (joined === undefined) await deleteKeys(REDIS_URL, prefix);
    await rm(directory, { recursive: true, force: true });
    await postgres?.drop();
  };
  const releaseOnce = (): Promise<void> => {
    released ??= release();
    return released;
  };
  const unregister = registerCleanup(releaseOnce);
  const cleanUp = (): Promise<void> => {
    unregister();
    return releaseOnce();
  };
  try {
    const servesHttp =
      !options.env?.SLUICE_SERVICES ||
      options.env.SLUICE_SERVICES.includes('ingress') ||
      options.env.SLUICE_SERVICES === 'all';
    if (servesHttp) await waitForHttp(`${origin}/healthz`, managed, 60_000);
    else await managed.waitForLine((line) => line.includes('"sluice started"'), 60_000);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return { origin, pid: managed.pid, process: managed, deployment: { prefix, databaseUrl }, stop: cleanUp };
}

/** A sluice.yaml with one `openai` account at `baseUrl`, plus whatever `extraYaml` adds (indented already). */
export function sluiceConfigFor(
  baseUrl: string,
  options: { providerLines?: string[]; extraYaml?: string } = {},
): string {
  const providerLines = (options.providerLines ?? []).map((line) => `    ${line}`);
  return [
    'providers:',
    '  openai:',
    '    type: openai',
    `    base_url: ${baseUrl}`,
    '    api_key: sk-bench-provider-key',
    ...providerLines,
    options.extraYaml ?? '',
  ].join('\n');
}
