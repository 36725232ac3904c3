import type { Env } from '@sluice/config';
import type { Logger } from '@sluice/observability';
import { CompletionEventConsumer, connectRedis, type QueueCatalog } from '@sluice/queues';
import { hostname } from 'node:os';

export interface LoggerServiceOptions {
  env: Env;
  catalog: QueueCatalog;
  logger: Logger;
}

export interface RunningLoggerService {
  stop(): Promise<void>;
}

/**
 * Consumes completion events (at least once, through the `logger` consumer group) and writes one structured
 * log line per request. Bodies never reach this log; the request-log database is the logger issue's work.
 */
export async function startLoggerService(options: LoggerServiceOptions): Promise<RunningLoggerService> {
  const log = options.logger.child({ service: 'logger' });
  const redis = connectRedis(options.env.REDIS_URL, 'blocking');
  const consumer = new CompletionEventConsumer({
    redis,
    streamKey: options.catalog.completionEvents,
    group: 'logger',
    consumer: `${hostname()}-${process.pid}`,
    async handle(events) {
      for (const { event } of events) {
        const { request_body: _request, response_body: _response, ...summary } = event;
        log.info({ requestId: event.id, ...summary }, 'request completed');
      }
    },
    onError: (error) => log.warn({ err: error }, 'completion event read failed; retrying'),
  });
  await consumer.start();
  return {
    async stop() {
      const stopped = consumer.stop();
      redis.disconnect();
      await stopped;
    },
  };
}
