import { hostname } from 'node:os';
import type { Env, GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import type { Logger } from '@sluice/observability';
import type { RedisClient } from '@sluice/queues';
import {
  COMPLETION_EVENT_GROUPS,
  CompletionEventConsumer,
  type QueueCatalog,
  RequestMetricsStore,
} from '@sluice/queues';
import { PriceBook, RequestLogPartitions, RequestLogWriter, type StoredRequest } from '@sluice/request-log';
import { ResponseStore } from '@sluice/responses';
import { startLogRetentionTask } from './log-retention-task';
import { RequestMetricLabeler } from './request-metric-labeler';
import { startGovernanceSettlement } from './start-governance-settlement';

/** The settings the logger service reads (docs/configuration.md). */
export type LoggerSettings = Pick<
  Env,
  'SLUICE_LOG_RETENTION_DAYS' | 'SLUICE_LOG_BODY_RETENTION_DAYS' | 'SLUICE_WEBHOOK_ALLOW_PRIVATE'
>;

export interface LoggerServiceOptions {
  settings: LoggerSettings;
  config: GatewayConfig;
  catalog: QueueCatalog;
  database: SqlDatabase;
  /** The process's shared command connection (already connected), for the metrics counters. */
  redis: RedisClient;
  /** Connections of the service's own that wait on Redis; the caller opens them and disconnects them after `stop`. */
  blocking: {
    /** One completion-event reader per request-log consumer writing batches side by side (`requestLogConsumers`). */
    events: RedisClient[];
    /** The budget and rate-limit settler's completion-event reader. */
    settlement: RedisClient;
    /** The governance invalidation bus's subscription (the settler's cached virtual keys). */
    invalidations: RedisClient;
  };
  logger: Logger;
  /** Events per read from the stream, and so per database insert (default 500). */
  batchSize?: number;
}

/**
 * After a batch smaller than the read size, how long the request-log consumer waits before reading again, so a
 * moderately busy gateway's rows reach the log in larger batches: at 300 requests a second a 500 ms wait cut ~20 % of
 * the logger's CPU a row against 100 ms, and 200 ms about half that (BENCHMARKS.md, 2026-12-07 14:00–14:50 UTC notes).
 * 200 ms keeps a row's arrival in the log within a fraction of a second and stays inside the 250 ms of idleness after
 * which the benchmarks stop metering a run, so none of the logger's work goes unbilled there. A request coming to an
 * idle consumer is read at once.
 */
const REQUEST_LOG_LINGER_MS = 200;

/** How many request-log consumers suit a database: 2 on PostgreSQL, 1 on PGlite (one connection, one thread). */
export function requestLogConsumers(database: Pick<SqlDatabase, 'kind'>): number {
  return database.kind === 'postgres' ? 2 : 1;
}

export interface RunningLoggerService {
  stop(): Promise<void>;
}

/**
 * Consumes completion events at least once (the `logger` consumer group), writes them to the request log in
 * batches — idempotent by request id, so a redelivery is harmless, rollups included — adds each newly stored
 * request to the shared metric aggregates, and writes one structured line per request. Keeps the log's day
 * partitions and retention (docs/request-log.md), and settles each completion's budget and rate-limit charges
 * (the `governance` consumer group, docs/limits-and-input.md).
 * A batch the database refuses stays unacknowledged and is delivered again.
 */
export async function startLoggerService(options: LoggerServiceOptions): Promise<RunningLoggerService> {
  const log = options.logger.child({ service: 'logger' });
  const partitions = new RequestLogPartitions(options.database);
  const retention = {
    days: options.settings.SLUICE_LOG_RETENTION_DAYS,
    bodyDays: options.settings.SLUICE_LOG_BODY_RETENTION_DAYS,
  };
  const writer = new RequestLogWriter({
    database: options.database,
    priceBook: new PriceBook(options.config.pricing),
    storeBodies: options.config.logging.bodies,
    retention,
    partitions,
  });
  const retentionTask = startLogRetentionTask({
    database: options.database,
    partitions,
    retention,
    responses: new ResponseStore(options.database),
    logger: log,
  });
  const labeler = new RequestMetricLabeler(options.config);
  const metrics = new RequestMetricsStore(options.redis, options.catalog.requestMetrics, {
    onError: (error) => log.warn({ err: error }, 'request metrics update failed'),
  });
  const consumers = options.blocking.events.map((redis, index) => {
    const consumer = new CompletionEventConsumer({
      redis,
      streamKey: options.catalog.completionEvents,
      group: COMPLETION_EVENT_GROUPS.logger,
      trimConsumed: {
        groups: Object.values(COMPLETION_EVENT_GROUPS),
        onError: (error) => log.warn({ err: error }, 'consumed completion events could not be trimmed; retrying'),
      },
      consumer: `${hostname()}-${process.pid}-${index}`,
      batchSize: options.batchSize,
      lingerMs: REQUEST_LOG_LINGER_MS,
      bodies: 'bytes',
      deletesBodies: true,
      async handle(events) {
        const result = await writer.storeEvents(events);
        for (const rejected of result.rejected)
          log.warn({ requestId: rejected.id, reason: rejected.reason }, 'completion event rejected by the request log');
        // Stored rows are final: a metrics failure is logged, never redelivered (the rows would be duplicates).
        await metrics
          .record(result.stored.map((stored) => labeler.sample(stored)))
          .catch((error: unknown) => log.warn({ err: error }, 'request metrics update failed'));
        for (const stored of result.stored) logRequest(log, stored);
      },
      onError: (error) => log.warn({ err: error }, 'request log write failed; the batch will be delivered again'),
    });
    return { redis, consumer };
  });
  await Promise.all(consumers.map(({ consumer }) => consumer.start()));
  const settlement = await startGovernanceSettlement({
    config: options.config,
    catalog: options.catalog,
    database: options.database,
    redis: options.redis,
    events: options.blocking.settlement,
    invalidations: options.blocking.invalidations,
    allowPrivateWebhooks: options.settings.SLUICE_WEBHOOK_ALLOW_PRIVATE,
    logger: log,
  });
  return {
    async stop() {
      const stopped = Promise.all(consumers.map(({ consumer }) => consumer.stop()));
      for (const { redis } of consumers) redis.disconnect();
      await stopped;
      await settlement.stop();
      await retentionTask.stop();
      await metrics.close().catch((error: unknown) => log.warn({ err: error }, 'request metrics flush failed'));
    },
  };
}

function logRequest(log: Logger, { event, computed }: StoredRequest): void {
  if (!log.isLevelEnabled('info')) return;
  const {
    request_body: _request,
    response_body: _response,
    translated_request_body: _translated,
    cache_store: _cacheStore,
    ...summary
  } = event;
  log.info({ requestId: event.id, ...summary, ...computed }, 'request completed');
}
