import { randomUUID } from 'node:crypto';
import { GatewayConfigSchema, parseEnv } from '@sluice/config';
import { createPgliteDatabase, createPostgresDatabase, migrate, type SqlDatabase } from '@sluice/database';
import { GOVERNANCE_MIGRATIONS } from '@sluice/governance';
import { startLoggerService } from '@sluice/logger';
import { createLogger } from '@sluice/observability';
import {
  type CompletionEvent,
  CompletionEventPublisher,
  connectRedis,
  createQueueCatalog,
  ensureRedisReachable,
  type QueueCatalog,
  type RedisClient,
} from '@sluice/queues';
import { REQUEST_LOG_MIGRATIONS } from '@sluice/request-log';
import { loggerBlockingConnections } from '../test/helpers/logger-blocking-connections';
import { createScratchDirectory, createScratchPostgres } from '../test/helpers/scratch-databases';
import { deleteKeys } from '../test/helpers/start-test-gateway';
import { makeCompletionEvent } from '../test/request-log/completion-event-factory';
import { runRequestLogBench } from './request-log-bench';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TICK_MS = 50;
const SAMPLE_MS = 250;

interface LoggerFigures {
  maxBacklog: number;
  finalBacklog: number;
  drainMs: number;
  offeredPerSecond: number;
  burstPerSecond: number;
}

/** A realistic event: bodies, properties, two attempts, the usage a provider reports. */
function benchEvent(index: number): CompletionEvent {
  return makeCompletionEvent({
    id: `bench_${randomUUID().replaceAll('-', '')}`,
    properties: { team: index % 2 === 0 ? 'search' : 'ads', env: 'prod' },
    user_id: `user_${index % 100}`,
    attempts: [
      { provider: 'openai', model: 'gpt-4o-mini', status: 429, latency_ms: 20, error: 'rate limited' },
      { provider: 'openai', model: 'gpt-4o-mini', status: 200, latency_ms: 140 },
    ],
    request_body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `question ${index}` }] },
    response_body: { id: `chatcmpl-${index}`, choices: [{ message: { role: 'assistant', content: 'answer' } }] },
  });
}

/** Events published but not yet written and acknowledged by the logger group: undelivered (lag) plus pending. */
async function backlog(redis: RedisClient, catalog: QueueCatalog): Promise<number> {
  const groups = (await redis.xinfo('GROUPS', catalog.completionEvents)) as unknown[][];
  for (const flat of groups) {
    const fields = new Map<string, unknown>();
    for (let index = 0; index + 1 < flat.length; index += 2) fields.set(String(flat[index]), flat[index + 1]);
    if (fields.get('name') === 'logger') return Number(fields.get('lag') ?? 0) + Number(fields.get('pending') ?? 0);
  }
  return 0;
}

async function drain(redis: RedisClient, catalog: QueueCatalog, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while ((await backlog(redis, catalog)) > 0) {
    if (performance.now() - started > timeoutMs)
      throw new Error(`the logger did not drain its backlog within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

/** Publishes `ratePerSecond` events for `seconds`, in even ticks, sampling the backlog as it goes. */
async function offerSteadyLoad(
  publisher: CompletionEventPublisher,
  redis: RedisClient,
  catalog: QueueCatalog,
  ratePerSecond: number,
  seconds: number,
) {
  const perTick = Math.max(1, Math.round((ratePerSecond * TICK_MS) / 1000));
  const samples: number[] = [];
  const sampler = setInterval(() => void backlog(redis, catalog).then((value) => samples.push(value)), SAMPLE_MS);
  const started = performance.now();
  let published = 0;
  try {
    for (let tick = 0; tick < (seconds * 1000) / TICK_MS; tick += 1) {
      await Promise.all(
        Array.from({ length: perTick }, (_, index) => publisher.publish(benchEvent(published + index))),
      );
      published += perTick;
      const wait = started + (tick + 1) * TICK_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  } finally {
    clearInterval(sampler);
  }
  const elapsed = (performance.now() - started) / 1000;
  return {
    offeredPerSecond: published / elapsed,
    maxBacklog: Math.max(0, ...samples),
    finalBacklog: await backlog(redis, catalog),
  };
}

/** Drives events through CompletionEventPublisher into a running logger service writing to `database`. */
async function measureLogger(
  database: SqlDatabase,
  ratePerSecond: number,
  seconds: number,
  burst: number,
): Promise<LoggerFigures> {
  await migrate(database, [...REQUEST_LOG_MIGRATIONS, ...GOVERNANCE_MIGRATIONS]);
  const prefix = `bench${randomUUID().slice(0, 8)}`;
  const catalog = createQueueCatalog(prefix);
  const redis = connectRedis({ REDIS_URL, REDIS_CLUSTER_NODES: undefined }, 'command');
  await ensureRedisReachable(redis, { REDIS_URL, REDIS_CLUSTER_NODES: undefined });
  const publisher = new CompletionEventPublisher(redis, catalog.completionEvents);
  const service = await startLoggerService({
    settings: parseEnv({ REDIS_URL, SLUICE_QUEUE_PREFIX: prefix }),
    config: GatewayConfigSchema.parse({ providers: { openai: { type: 'openai' } } }),
    catalog,
    database,
    redis,
    blocking: loggerBlockingConnections(REDIS_URL, database),
    logger: createLogger({ level: 'silent' }),
  });
  try {
    const steady = await offerSteadyLoad(publisher, redis, catalog, ratePerSecond, seconds);
    const drainMs = await drain(redis, catalog, 60_000);
    const events = Array.from({ length: burst }, (_, index) => benchEvent(index));
    const burstStarted = performance.now();
    await Promise.all(events.map((event) => publisher.publish(event)));
    await drain(redis, catalog, 120_000);
    const burstPerSecond = burst / ((performance.now() - burstStarted) / 1000);
    return { ...steady, drainMs, burstPerSecond };
  } finally {
    await service.stop();
    redis.disconnect();
    await deleteKeys(REDIS_URL, prefix);
  }
}

function figuresOf(backend: string, figures: LoggerFigures): Record<string, number> {
  return {
    [`logger_${backend}_offered_events_per_s`]: Math.round(figures.offeredPerSecond),
    [`logger_${backend}_max_backlog_events`]: figures.maxBacklog,
    [`logger_${backend}_backlog_at_end_of_load_events`]: figures.finalBacklog,
    [`logger_${backend}_drain_after_load_ms`]: Math.round(figures.drainMs),
    [`logger_${backend}_burst_throughput_events_per_s`]: Math.round(figures.burstPerSecond),
  };
}

/**
 * The logger service under load: a steady stream of completion events (published through
 * CompletionEventPublisher, as workers do) into a running logger writing to PostgreSQL, then to PGlite, reporting
 * the consumer backlog (lag + pending) it builds; a burst shows the end-to-end rate it sustains. Then the raw
 * request-log insert rates (bench/request-log-bench.ts).
 */
export async function runObservabilityBench(): Promise<Record<string, number>> {
  const quick = process.argv.includes('--quick');
  const seconds = quick ? 2 : 6;
  const scratch = await createScratchPostgres('sluice_bench');
  let postgres: LoggerFigures;
  try {
    const database = await createPostgresDatabase({ url: scratch.url });
    try {
      postgres = await measureLogger(database, 2_000, seconds, quick ? 5_000 : 20_000);
    } finally {
      await database.close();
    }
  } finally {
    await scratch.drop();
  }
  const directory = await createScratchDirectory('sluice-bench-');
  let pglite: LoggerFigures;
  try {
    const database = await createPgliteDatabase({ dataDir: directory.path });
    try {
      pglite = await measureLogger(database, 1_000, seconds, quick ? 2_000 : 10_000);
    } finally {
      await database.close();
    }
  } finally {
    await directory.remove();
  }
  return { ...figuresOf('postgres', postgres), ...figuresOf('pglite', pglite), ...(await runRequestLogBench()) };
}
