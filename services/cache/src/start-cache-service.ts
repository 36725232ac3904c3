import { hostname } from 'node:os';
import type { Logger } from '@sluice/observability';
import { COMPLETION_EVENT_GROUPS, CompletionEventConsumer, type QueueCatalog, type RedisClient } from '@sluice/queues';
import type { ResponseCache } from '@sluice/semantic-cache';
import { cacheWriteOf } from './cache-write-of';

export interface CacheServiceOptions {
  catalog: QueueCatalog;
  /** The completion-event reader's connection of its own; the caller opens it and disconnects it after `stop`. */
  events: RedisClient;
  /** The process's shared response cache (see openResponseCache). */
  cache: ResponseCache;
  logger: Logger;
}

export interface RunningCacheService {
  stop(): Promise<void>;
}

/**
 * The cache's writer, off the request path: consumes completion events (the `cache` consumer group) and stores each
 * successful, cache-enabled answer with its TTL — in Redis, and for semantic mode embedded into the vector store.
 * A write that fails is logged and skipped: a lost cache entry costs one future miss, never a wrong answer.
 */
export async function startCacheService(options: CacheServiceOptions): Promise<RunningCacheService> {
  const log = options.logger.child({ service: 'cache' });
  const consumer = new CompletionEventConsumer({
    redis: options.events,
    streamKey: options.catalog.completionEvents,
    group: COMPLETION_EVENT_GROUPS.cache,
    interest: 'cache',
    trimConsumed: {
      groups: Object.values(COMPLETION_EVENT_GROUPS),
      onError: (error) => log.warn({ err: error }, 'consumed completion events could not be trimmed; retrying'),
    },
    consumer: `${hostname()}-${process.pid}`,
    batchSize: 100,
    async handle(events) {
      const writes = events.flatMap(({ event }) => {
        const write = cacheWriteOf(event);
        return write ? [{ requestId: event.id, write }] : [];
      });
      const results = await Promise.allSettled(writes.map(({ write }) => options.cache.store(write)));
      results.forEach((result, index) => {
        if (result.status === 'rejected')
          log.warn(
            { err: result.reason, requestId: writes[index]?.requestId },
            'cache write failed; the entry is skipped',
          );
      });
    },
    onError: (error) => log.warn({ err: error }, 'completion events could not be read; retrying'),
  });
  await consumer.start();
  log.info('cache service started');
  return {
    async stop() {
      const stopped = consumer.stop();
      options.events.disconnect();
      await stopped;
    },
  };
}
