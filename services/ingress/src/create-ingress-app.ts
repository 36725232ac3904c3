import type { GatewayConfig } from '@sluice/config';
import type { Logger } from '@sluice/observability';
import type { CancelPublisher } from '@sluice/queues';
import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import { errorMiddleware, notFoundHandler } from './error-middleware';
import { chatCompletionsRoute } from './routes/chat-completions-route';
import { embeddingsRoute } from './routes/embeddings-route';
import { healthRoutes } from './routes/health-routes';
import { modelsRoute } from './routes/models-route';
import type { SyncDispatcher } from './sync-dispatcher';

export interface IngressDependencies {
  config: () => GatewayConfig;
  dispatcher: SyncDispatcher;
  cancels: CancelPublisher;
  redis: Redis;
  logger: Logger;
  bodyLimitBytes: number;
}

/** The HTTP surface; it never listens — the caller does. */
export function createIngressApp(dependencies: IngressDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(healthRoutes(dependencies.redis));
  app.use(express.json({ limit: dependencies.bodyLimitBytes, type: () => true }));
  app.post('/v1/chat/completions', chatCompletionsRoute(dependencies.dispatcher, dependencies.cancels));
  app.post('/v1/embeddings', embeddingsRoute(dependencies.dispatcher, dependencies.cancels));
  app.get('/v1/models', modelsRoute(dependencies.config));
  app.use(notFoundHandler);
  app.use(errorMiddleware(dependencies.logger, dependencies.bodyLimitBytes));
  return app;
}
