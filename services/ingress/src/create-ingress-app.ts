import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import type { Logger } from '@sluice/observability';
import type {
  CancelPublisher,
  CompletionEventPublisher,
  MediaBlobStore,
  ProviderQueues,
  RedisClient,
  RequestMetricsStore,
} from '@sluice/queues';
import { type LogRetention, RequestLogReader } from '@sluice/request-log';
import { ResponseStore } from '@sluice/responses';
import express, { type Express, type RequestHandler } from 'express';
import { anthropicErrorMiddleware } from './anthropic-error-middleware';
import type { AsyncWork } from './async/async-work';
import { errorMiddleware, notFoundHandler } from './error-middleware';
import { geminiErrorMiddleware } from './gemini-error-middleware';
import type { IngressGovernance } from './governance/start-ingress-governance';
import { hotRouteServer } from './hot-route-server';
import { checkJsonHeaders } from './input/check-json-headers';
import { jsonBodyParser } from './input/json-body-parser';
import { type BodyLimits, declaredOversize, refuseOversizedBody } from './input/refuse-oversized-body';
import type { MultipartMediaKind } from './media/media-upload-rules';
import { createMetricsRegistry } from './metrics/create-metrics-registry';
import { type PassThroughDependencies, passThroughRoute } from './pass-through/pass-through-route';
import { postRouteTable } from './post-route-table';
import { recordReceivedAt } from './received-at';
import { rejectNulCharacters } from './reject-nul-characters';
import { analyticsRoutes } from './routes/analytics-routes';
import { anthropicMessagesRoute } from './routes/anthropic-messages-route';
import { batchesRoutes } from './routes/batches-routes';
import { chatCompletionsRoute } from './routes/chat-completions-route';
import { completionsRoute } from './routes/completions-route';
import { countTokensRoute } from './routes/count-tokens-route';
import { dashboardAssets, dashboardPage } from './routes/dashboard-routes';
import { embeddingsRoute } from './routes/embeddings-route';
import { filesRoutes } from './routes/files-routes';
import { geminiRoute } from './routes/gemini-routes';
import { healthRoutes } from './routes/health-routes';
import { jobsRoutes, submitJobRoute } from './routes/jobs-routes';
import { logExportRoute } from './routes/log-export-route';
import { logImportRoute } from './routes/log-import-route';
import { logRoutes } from './routes/log-routes';
import { jsonMediaRoute, type MediaRouteDependencies, multipartMediaRoute } from './routes/media-routes';
import { metricsRoute } from './routes/metrics-route';
import { modelRoute, modelsRoute } from './routes/models-route';
import { moderationsRoute } from './routes/moderations-route';
import { QUEUE_BOARD_PATH, queueBoardRoutes } from './routes/queue-board-routes';
import { rerankRoute } from './routes/rerank-route';
import { createResponseRoute, responsesRoutes } from './routes/responses-routes';
import type { SyncDispatcher } from './sync-dispatcher';

export interface IngressDependencies {
  config: () => GatewayConfig;
  dispatcher: SyncDispatcher;
  cancels: CancelPublisher;
  redis: RedisClient;
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
  /** The request log's retention, which `POST /admin/logs/import` applies; absent: imports keep every record. */
  logRetention?: LogRetention;
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
  const prelude = [
    recordReceivedAt(),
    rejectNulCharacters,
    ...(dependencies.governance ? [dependencies.governance.gate] : []),
    refuseOversizedBody(limits),
  ];
  app.use(...prelude);
  const readJson = jsonBodyParser({ limitBytes: dependencies.bodyLimitBytes });
  const admit = dependencies.governance ? [dependencies.governance.admitModelCall] : [];
  const { dispatcher, cancels, asyncWork } = dependencies;
  const responseStore = new ResponseStore(dependencies.database);
  const readCall = [readJson, checkJsonHeaders];
  const readCallKeepingBytes = [
    jsonBodyParser({ limitBytes: dependencies.bodyLimitBytes, keepBytes: true }),
    checkJsonHeaders,
  ];
  const hotTable = {
    '/v1/chat/completions': [...readCall, ...admit, chatCompletionsRoute(dispatcher, cancels)],
    '/v1/embeddings': [...readCall, ...admit, embeddingsRoute(dispatcher, cancels)],
    '/v1/completions': [...readCallKeepingBytes, ...admit, completionsRoute(dispatcher, cancels)],
    '/v1/moderations': [...readCallKeepingBytes, ...admit, moderationsRoute(dispatcher, cancels)],
    '/v1/rerank': [...readCallKeepingBytes, ...admit, rerankRoute(dispatcher, cancels)],
    '/v1/messages': [...readCallKeepingBytes, ...admit, anthropicMessagesRoute(dispatcher, cancels)],
    '/v1/messages/count_tokens': [...readCallKeepingBytes, countTokensRoute(dispatcher, cancels)],
    '/v1/responses': [
      ...readCall,
      ...admit,
      createResponseRoute({ dispatcher, cancels, store: responseStore, asyncWork }),
    ],
    ...(asyncWork ? { '/v1/jobs': [...readCall, ...admit, submitJobRoute(asyncWork)] } : {}),
    ...(dependencies.media ? mediaRouteTable({ dispatcher, cancels, ...dependencies.media }, readCall, admit) : {}),
  };
  app.use(postRouteTable(hotTable));
  app.use('/v1beta', ...readCallKeepingBytes, ...admit, geminiRoute({ dispatcher, cancels }));
  if (asyncWork) app.use('/v1/jobs', readJson, jobsRoutes(asyncWork));
  app.use('/v1/responses', readJson, responsesRoutes(responseStore, asyncWork));
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
  app.get('/v1/logs/export', logExportRoute(logReader, dependencies.logger));
  app.use('/v1/logs', logRoutes(logReader));
  app.use('/v1/analytics', analyticsRoutes({ reader: logReader, queues: dependencies.queues, providerIds }));
  app.use(QUEUE_BOARD_PATH, queueBoardRoutes(dependencies.queues, providerIds()));
  if (asyncWork) {
    app.use('/v1/files', filesRoutes(asyncWork));
    app.use('/v1/batches', readJson, batchesRoutes(asyncWork));
  }
  if (dependencies.governance) {
    const importLogs = logImportRoute({
      database: dependencies.database,
      config: dependencies.config,
      retention: dependencies.logRetention,
      maxLineBytes: dependencies.bodyLimitBytes,
    });
    app.post('/admin/logs/import', importLogs);
    app.use('/admin', readJson, dependencies.governance.adminRoutes);
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
  const anthropicErrors = anthropicErrorMiddleware(errorOptions);
  const openAIErrors = errorMiddleware(errorOptions);
  app.use(notFoundHandler);
  app.use(geminiErrorMiddleware(errorOptions));
  app.use(anthropicErrors);
  app.use(openAIErrors);
  const server = hotRouteServer(app, { prelude, table: hotTable, onError: [anthropicErrors, openAIErrors] });
  answerOversizeBeforeContinue(server, limits);
  return { app, server };
}

/**
 * The images and audio routes (docs/images-and-audio.md): the JSON ones read like any model call, the multipart ones
 * read their upload first.
 */
function mediaRouteTable(
  dependencies: MediaRouteDependencies,
  readCall: readonly RequestHandler[],
  admit: readonly RequestHandler[],
): Record<string, readonly RequestHandler[]> {
  const multipart = (kind: MultipartMediaKind) => {
    const route = multipartMediaRoute(kind, dependencies);
    return [checkJsonHeaders, route.read, ...admit, route.submit];
  };
  return {
    '/v1/images/generations': [...readCall, ...admit, jsonMediaRoute('image_generation', dependencies)],
    '/v1/images/edits': multipart('image_edit'),
    '/v1/images/variations': multipart('image_variation'),
    '/v1/audio/speech': [...readCall, ...admit, jsonMediaRoute('speech', dependencies)],
    '/v1/audio/transcriptions': multipart('transcription'),
    '/v1/audio/translations': multipart('translation'),
  };
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
