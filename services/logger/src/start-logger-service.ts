import { hostname } from 'node:os';
import type { Env, GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import type { Logger } from '@sluice/observability';
import { CompletionEventConsumer, connectRedis, type QueueCatalog } from '@sluice/queues';
import { PriceBook, RequestLogWriter } from '@sluice/request-log';

export interface LoggerServiceOptions {
  env: Env;
  config: GatewayConfig;
  catalog: QueueCatalog;
  database: SqlDatabase;
  logger: Logger;
}

export interface RunningLoggerService {
  stop(): Promise<void>;
}

/**
 * Consumes completion events at least once (the `logger` consumer group), writes them to the request log in
 * batches — idempotent by request id, so a redelivery is harmless — and writes one structured line per request.
 * A batch the database refuses stays unacknowledged and is delivered again.
 */
export async function startLoggerService(options: LoggerServiceOptions): Promise<RunningLoggerService> {
  const log = options.logger.child({ service: 'logger' });
  const writer = new RequestLogWriter({ database: options.database, priceBook: new PriceBook(options.config.pricing) });
  const redis = connectRedis(options.env.REDIS_URL, 'blocking');
  const consumer = new CompletionEventConsumer({
    redis,
    streamKey: options.catalog.completionEvents,
    group: 'logger',
    consumer: `${hostname()}-${process.pid}`,
    async handle(events) {
      const result = await writer.writeBatch(events.map(({ event }) => event));
      for (const rejected of result.rejected) log.warn({ requestId: rejected.id, reason: rejected.reason }, 'completion event rejected by the request log');
      for (const { event } of events) {
        const { request_body: _request, response_body: _response, ...summary } = event;
        log.info({ requestId: event.id, ...summary }, 'request completed');
      }
    },
    onError: (error) => log.warn({ err: error }, 'request log write failed; the batch will be delivered again'),
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
