import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AsyncWork } from '@sluice/batches';
import type { GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import type { SyncDispatcher } from '@sluice/dispatch';
import { createMetricsRegistry } from '@sluice/metrics';
import type { Logger } from '@sluice/observability';
import type {
  CancelPublisher,
  CompletionEventPublisher,
  MediaBlobStore,
  ProviderQueues,
  RedisClient,
  RequestMetricsStore,
} from '@sluice/queues';
import { ResponseStore } from '@sluice/responses';
import express, { type Express } from 'express';
import type { ControlPlane } from './control-plane';
import { errorMiddleware, notFoundHandler } from './error-middleware';
import { expressAppServer } from './express-app-server';
import { admitOpenCall } from './governance/admission/admit-open-call';
import type { IngressGovernance } from './governance/create-ingress-governance';
import { jsonBodyParser } from './input/json-body-parser';
import { type BodyLimits, declaredOversize, refuseOversizedBody } from './input/refuse-oversized-body';
import { modelCallHandlers } from './model-call-handlers';
import { mountModelCallRoutes } from './mount-model-call-routes';
import { type PassThroughDependencies, passThroughRoute } from './pass-through/pass-through-route';
import { recordReceivedAt } from './received-at';
import { rejectNulCharacters } from './reject-nul-characters';
import { batchesRoutes } from './routes/batches-routes';
import { filesRoutes } from './routes/files-routes';
import { healthRoutes } from './routes/health-routes';
import { jobsRoutes } from './routes/jobs-routes';
import { metricsRoute } from './routes/metrics-route';
import { modelRoute, modelsRoute } from './routes/models-route';
import { responsesRoutes } from './routes/responses-routes';

export interface IngressDependencies {
  config: () => GatewayConfig;
  dispatcher: SyncDispatcher;
  cancels: CancelPublisher;
  redis: RedisClient;
  logger: Logger;
  bodyLimitBytes: number;
  /** The database the health probe checks and stored responses live in. */
  database: SqlDatabase;
  queues: ProviderQueues;
  /** The shared per provider and model aggregates that /metrics reports. */
  requestMetrics: RequestMetricsStore;
  /** Authentication, IP allowlists, consumer limits, budgets and prompts; absent: an open gateway. */
  governance?: IngressGovernance;
  /** Async jobs, files and batches (SPEC §4.2, §4.3); absent: those routes are not served. */
  asyncWork?: AsyncWork;
  /** The completion event stream, where the error middlewares log refused model calls. */
  completionEvents: Pick<CompletionEventPublisher, 'publish'>;
  /** The console's dashboard, log, analytics and admin routes (services/console); absent: not served. */
  controlPlane?: ControlPlane;
  /** Where passed-through `/v1/*` requests go out (docs/http-api.md); absent: other `/v1` paths are a 404. */
  passThrough?: Pick<PassThroughDependencies, 'transport' | 'providerKey'>;
  /** Uploaded images and audio (media blobs) and the most one upload may hold; absent: no media routes are served. */
  media?: { blobs: MediaBlobStore; maxBytes: number };
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
    ...(dependencies.media ? { mediaMaxBytes: dependencies.media.maxBytes } : {}),
  };
  app.use(recordReceivedAt(), rejectNulCharacters);
  for (const { paths, handler } of dependencies.governance?.gate ?? []) app.use(paths, handler);
  app.use(refuseOversizedBody(limits));
  const readJson = jsonBodyParser({ limitBytes: dependencies.bodyLimitBytes });
  const { dispatcher, cancels, asyncWork } = dependencies;
  const responseStore = new ResponseStore(dependencies.database);
  mountModelCallRoutes(app, {
    handlers: modelCallHandlers({ dispatcher, cancels, responseStore, asyncWork, media: dependencies.media }),
    readJson,
    readJsonKeepingBytes: jsonBodyParser({ limitBytes: dependencies.bodyLimitBytes, keepBytes: true }),
    admit:
      dependencies.governance?.admitModelCall ??
      admitOpenCall({ current: dependencies.config, versionOf: () => undefined }),
  });
  if (asyncWork) app.use('/v1/jobs', readJson, jobsRoutes(asyncWork));
  app.use('/v1/responses', readJson, responsesRoutes(responseStore, asyncWork));
  app.use(healthRoutes(dependencies.redis, dependencies.database));
  const providerIds = () => Object.keys(dependencies.config().providers);
  app.get(
    '/metrics',
    metricsRoute(
      createMetricsRegistry({ requestMetrics: dependencies.requestMetrics, queues: dependencies.queues, providerIds }),
    ),
  );
  dependencies.controlPlane?.mount(app, readJson);
  if (asyncWork) {
    app.use('/v1/files', filesRoutes(asyncWork));
    app.use('/v1/batches', readJson, batchesRoutes(asyncWork));
  }
  app.get('/v1/models', modelsRoute(dependencies.config));
  app.get('/v1/models/*id', modelRoute(dependencies.config));
  if (dependencies.passThrough)
    app.use(
      '/v1',
      passThroughRoute({
        ...dependencies.passThrough,
        config: dependencies.config,
        events: dependencies.completionEvents,
        logger: dependencies.logger,
        admit: dependencies.governance?.admitPassThrough,
      }),
    );
  const errorOptions = {
    logger: dependencies.logger,
    bodyLimit: dependencies.bodyLimitBytes,
    events: dependencies.completionEvents,
  };
  app.use(notFoundHandler, errorMiddleware(errorOptions));
  const server = expressAppServer(app);
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
