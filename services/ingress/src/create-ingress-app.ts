import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import type { Logger } from '@sluice/observability';
import type { CancelPublisher, CompletionEventPublisher, ProviderQueues, RequestMetricsStore } from '@sluice/queues';
import { RequestLogReader } from '@sluice/request-log';
import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import { anthropicErrorMiddleware } from './anthropic-error-middleware';
import type { AsyncWork } from './async/async-work';
import { errorMiddleware, notFoundHandler } from './error-middleware';
import type { IngressGovernance } from './governance/start-ingress-governance';
import { hotRouteServer } from './hot-route-server';
import { jsonBodyParser } from './input/json-body-parser';
import { type BodyLimits, declaredOversize, refuseOversizedBody } from './input/refuse-oversized-body';
import { createMetricsRegistry } from './metrics/create-metrics-registry';
import { postRouteTable } from './post-route-table';
import { recordReceivedAt } from './received-at';
import { rejectNulCharacters } from './reject-nul-characters';
import { analyticsRoutes } from './routes/analytics-routes';
import { anthropicMessagesRoute } from './routes/anthropic-messages-route';
import { batchesRoutes } from './routes/batches-routes';
import { chatCompletionsRoute } from './routes/chat-completions-route';
import { dashboardAssets, dashboardPage } from './routes/dashboard-routes';
import { embeddingsRoute } from './routes/embeddings-route';
import { filesRoutes } from './routes/files-routes';
import { healthRoutes } from './routes/health-routes';
import { jobsRoutes, submitJobRoute } from './routes/jobs-routes';
import { logRoutes } from './routes/log-routes';
import { metricsRoute } from './routes/metrics-route';
import { modelsRoute } from './routes/models-route';
import { QUEUE_BOARD_PATH, queueBoardRoutes } from './routes/queue-board-routes';
import type { SyncDispatcher } from './sync-dispatcher';

export interface IngressDependencies {
  config: () => GatewayConfig;
  dispatcher: SyncDispatcher;
  cancels: CancelPublisher;
  redis: Redis;
  logger: Logger;
  bodyLimitBytes: number;
  /** The request log (PostgreSQL or PGlite), read by /v1/logs and /v1/analytics. */
  database: SqlDatabase;
  queues: ProviderQueues;
  /** The shared per provider and model aggregates that /metrics reports. */
  requestMetrics: RequestMetricsStore;
  /** Authentication, IP allowlists, consumer limits, budgets, prompts and the admin API; absent: an open gateway. */
  governance?: IngressGovernance;
  /** Async jobs, files and batches (SPEC §4.2, §4.3); absent: those routes are not served. */
  asyncWork?: AsyncWork;
  /** The completion event stream, where the error middlewares log refused model calls. */
  completionEvents: Pick<CompletionEventPublisher, 'publish'>;
}

/** The HTTP surface: the express app (for route listings) and the server that runs it; it never listens — the caller does. */
export interface IngressHttp {
  app: Express;
  server: Server;
}

export function createIngressApp(dependencies: IngressDependencies): IngressHttp {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  if (dependencies.governance) app.set('trust proxy', dependencies.governance.trustProxy);
  const limits: BodyLimits = {
    bodyLimitBytes: dependencies.bodyLimitBytes,
    ...(dependencies.asyncWork ? { fileMaxBytes: dependencies.asyncWork.fileMaxBytes } : {}),
  };
  const prelude = [
    recordReceivedAt(),
    refuseOversizedBody(limits),
    rejectNulCharacters,
    ...(dependencies.governance ? [dependencies.governance.gate] : []),
  ];
  app.use(...prelude);
  const readJson = jsonBodyParser({ limitBytes: dependencies.bodyLimitBytes });
  const admit = dependencies.governance ? [dependencies.governance.admitModelCall] : [];
  const { dispatcher, cancels, asyncWork } = dependencies;
  const hotTable = {
    '/v1/chat/completions': [readJson, ...admit, chatCompletionsRoute(dispatcher, cancels)],
    '/v1/embeddings': [readJson, ...admit, embeddingsRoute(dispatcher, cancels)],
    '/v1/messages': [readJson, ...admit, anthropicMessagesRoute(dispatcher, cancels)],
    ...(asyncWork ? { '/v1/jobs': [readJson, ...admit, submitJobRoute(asyncWork)] } : {}),
  };
  app.use(postRouteTable(hotTable));
  if (asyncWork) app.use('/v1/jobs', readJson, jobsRoutes(asyncWork));
  app.use(healthRoutes(dependencies.redis, dependencies.database));
  const providerIds = () => Object.keys(dependencies.config().providers);
  const logReader = new RequestLogReader({ database: dependencies.database });
  app.get(
    '/metrics',
    metricsRoute(
      createMetricsRegistry({ requestMetrics: dependencies.requestMetrics, queues: dependencies.queues, providerIds }),
    ),
  );
  app.get('/', dashboardPage);
  if (dependencies.governance) app.use('/dashboard/session', readJson, dependencies.governance.sessionRoutes);
  app.use('/dashboard', dashboardAssets());
  app.use('/v1/logs', logRoutes(logReader));
  app.use('/v1/analytics', analyticsRoutes({ reader: logReader, queues: dependencies.queues, providerIds }));
  app.use(QUEUE_BOARD_PATH, queueBoardRoutes(dependencies.queues, providerIds()));
  if (asyncWork) {
    app.use('/v1/files', filesRoutes(asyncWork));
    app.use('/v1/batches', readJson, batchesRoutes(asyncWork));
  }
  if (dependencies.governance) app.use('/admin', readJson, dependencies.governance.adminRoutes);
  app.get('/v1/models', modelsRoute(dependencies.config));
  const errorOptions = {
    logger: dependencies.logger,
    bodyLimit: dependencies.bodyLimitBytes,
    events: dependencies.completionEvents,
  };
  const anthropicErrors = anthropicErrorMiddleware(errorOptions);
  const openAIErrors = errorMiddleware(errorOptions);
  app.use(notFoundHandler);
  app.use(anthropicErrors);
  app.use(openAIErrors);
  const server = hotRouteServer(app, { prelude, table: hotTable, onError: [anthropicErrors, openAIErrors] });
  answerOversizeBeforeContinue(server, limits);
  return { app, server };
}

/**
 * A client that sends `Expect: 100-continue` waits for the go-ahead before sending its body: one whose Content-Length
 * is over the limit never gets it, only the 413, so not a byte of the body is sent.
 */
function answerOversizeBeforeContinue(server: Server, limits: BodyLimits): void {
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    if (declaredOversize(request, limits) === undefined) response.writeContinue();
    server.emit('request', request, response);
  });
}
