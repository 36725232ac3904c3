import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Env, GatewayConfig } from '@sluice/config';
import type { Logger } from '@sluice/observability';
import { CancelPublisher, connectRedis, type ProviderQueues, type QueueCatalog, ReplyListener } from '@sluice/queues';
import type { Redis } from 'ioredis';
import { createIngressApp } from './create-ingress-app';
import { SyncDispatcher } from './sync-dispatcher';

export interface IngressServiceOptions {
  env: Env;
  config: GatewayConfig;
  catalog: QueueCatalog;
  redis: Redis;
  queues: ProviderQueues;
  logger: Logger;
}

export interface RunningIngressService {
  /** The address actually bound (PORT=0 picks a free port). */
  url: string;
  /** Stops accepting connections and waits for in-flight requests, up to the drain timeout. */
  stop(): Promise<void>;
}

export async function startIngressService(options: IngressServiceOptions): Promise<RunningIngressService> {
  const { env, catalog, logger } = options;
  const config = () => options.config;
  const replies = new ReplyListener({
    blockingRedis: connectRedis(env.REDIS_URL, 'blocking'),
    redis: options.redis,
    streamKey: catalog.replyStream(randomUUID()),
    onError: (error) => logger.warn({ err: error }, 'reply channel read failed; retrying'),
  });
  await replies.start();
  const cancels = new CancelPublisher(options.redis, catalog.cancelChannel);
  const dispatcher = new SyncDispatcher({ config, queues: options.queues, replies, requestTimeoutMs: 600_000 });
  const app = createIngressApp({ config, dispatcher, cancels, redis: options.redis, logger: logger.child({ service: 'ingress' }), bodyLimitBytes: env.SLUICE_BODY_LIMIT });
  const server = await listen(app, env.PORT, env.HOST);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${port}`;
  logger.info({ url }, 'ingress listening');

  return {
    url,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timedOut = new Promise<void>((resolve) => setTimeout(resolve, env.SLUICE_DRAIN_TIMEOUT_MS).unref());
      await Promise.race([closed, timedOut]);
      server.closeAllConnections();
      await replies.stop();
    },
  };
}

function listen(app: ReturnType<typeof createIngressApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  });
}
