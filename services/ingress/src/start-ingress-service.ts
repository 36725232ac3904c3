import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { type AsyncWorkOptions, startAsyncWork } from '@sluice/batches';
import type { Env, GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import { SyncDispatcher } from '@sluice/dispatch';
import type { GovernanceStores } from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import { HttpTransport } from '@sluice/providers';
import type { RedisClient } from '@sluice/queues';
import {
  CancelPublisher,
  CompletionEventPublisher,
  LocalHandoff,
  type LocalHandoffLink,
  type LocalReplyLink,
  MediaBlobStore,
  mediaBlobTtlMs,
  OutageBufferedEventPublisher,
  type ProviderQueues,
  type QueueCatalog,
  ReplyListener,
  RequestMetricsStore,
} from '@sluice/queues';
import type { ResponseCache } from '@sluice/semantic-cache';
import { cacheGateFor } from '@sluice/semantic-cache';
import type { ControlPlane } from './control-plane';
import { createIngressApp } from './create-ingress-app';
import { createIngressGovernance, type GovernanceSettings } from './governance/create-ingress-governance';
import { listRoutes, type RouteDescription } from './list-routes';

/** The settings the ingress reads (docs/configuration.md). */
export type IngressSettings = GovernanceSettings &
  AsyncWorkOptions['settings'] &
  Pick<
    Env,
    | 'PORT'
    | 'HOST'
    | 'SLUICE_REQUEST_TIMEOUT_MS'
    | 'SLUICE_BODY_LIMIT'
    | 'SLUICE_MEDIA_MAX_BYTES'
    | 'SLUICE_DRAIN_TIMEOUT_MS'
  >;

export interface IngressServiceOptions {
  settings: IngressSettings;
  config: GatewayConfig;
  catalog: QueueCatalog;
  /** The shared command connection. */
  redis: RedisClient;
  /** Connections of the ingress's own that wait on Redis; the caller opens them and disconnects them after `stop`. */
  blocking: {
    /** This ingress's reply stream reader. */
    replies: RedisClient;
    /** The job-settled channel's subscription (long-polled async jobs). */
    jobSettled: RedisClient;
  };
  /** The stored keys, configs and prompts (opened and stopped by the caller, which shares them with the console). */
  stores: GovernanceStores;
  /** The console, served on this app and port; absent: no dashboard, log or admin routes. */
  controlPlane?: ControlPlane;
  queues: ProviderQueues;
  logger: Logger;
  database: SqlDatabase;
  /** The process's response cache (lookups on the hot path); without it chat requests skip the cache. */
  cache?: ResponseCache;
  /** This ingress's reply stream and the port the workers of its own process reply on instead; absent: a new stream. */
  localReplies?: LocalReplyLink;
  /** The worker of this process, to which sync jobs are handed when it has a free slot (docs/sync-handoff.md). */
  localHandoff?: LocalHandoffLink;
}

export interface RunningIngressService {
  /** The address actually bound (PORT=0 picks a free port). */
  url: string;
  /** Every route the app answers (for tests that must cover them all). */
  routes: RouteDescription[];
  /** Stops accepting connections and waits for in-flight requests, up to the drain timeout. */
  stop(): Promise<void>;
}

export async function startIngressService(options: IngressServiceOptions): Promise<RunningIngressService> {
  const { settings, catalog, logger } = options;
  const governance = createIngressGovernance({
    ...options,
    controlPlaneGate: options.controlPlane?.gate,
    logger: logger.child({ service: 'ingress' }),
  });
  const config = () => governance.configs.current();
  const replies = new ReplyListener({
    blockingRedis: options.blocking.replies,
    redis: options.redis,
    streamKey: options.localReplies?.streamKey ?? catalog.replyStream(randomUUID()),
    local: options.localReplies?.port,
    onError: (error) => logger.warn({ err: error }, 'reply channel read failed; retrying'),
  });
  await replies.start();
  const cancels = new CancelPublisher(options.redis, catalog.cancelChannel);
  const asyncWork = await startAsyncWork({ ...options, config, cancels, jobSettled: options.blocking.jobSettled });
  const cache = cacheGateFor({
    cache: options.cache,
    redis: options.redis,
    completionEvents: catalog.completionEvents,
    logger,
  });
  // Requests refused while Redis is down are logged once it is back (docs/failures-and-retries.md).
  const refusedRequestEvents = new OutageBufferedEventPublisher({
    publisher: new CompletionEventPublisher(options.redis, catalog.completionEvents),
    redis: options.redis,
    onDropped: (count) =>
      logger.warn({ count }, 'Redis was down too long: refused requests left out of the request log'),
    onError: (error) => logger.warn({ err: error }, 'could not log a refused request'),
  });
  const passThroughTransport = new HttpTransport();
  const handoff =
    options.localHandoff &&
    new LocalHandoff({
      link: options.localHandoff,
      queues: options.queues,
      redis: options.redis,
      onRequeueFailed: (requestId, error) =>
        logger.error({ err: error, requestId }, 'the worker thread stopped and its handed-off job could not be queued'),
    });
  const dispatcher = new SyncDispatcher({
    config,
    queues: options.queues,
    replies,
    requestTimeoutMs: settings.SLUICE_REQUEST_TIMEOUT_MS,
    cache,
    handoff,
  });
  const http = createIngressApp({
    config,
    dispatcher,
    cancels,
    redis: options.redis,
    logger: logger.child({ service: 'ingress' }),
    bodyLimitBytes: settings.SLUICE_BODY_LIMIT,
    database: options.database,
    queues: options.queues,
    requestMetrics: new RequestMetricsStore(options.redis, catalog.requestMetrics),
    governance,
    asyncWork: asyncWork.work,
    completionEvents: refusedRequestEvents,
    controlPlane: options.controlPlane,
    passThrough: { transport: passThroughTransport, providerKey: (id) => config().providers[id]?.api_key },
    media: {
      blobs: new MediaBlobStore(options.redis, catalog.mediaBlobs, catalog.hashTag, mediaBlobTtlMs(settings)),
      maxBytes: settings.SLUICE_MEDIA_MAX_BYTES,
    },
  });
  const server = await listen(http.server, settings.PORT, settings.HOST);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.PORT;
  const url = `http://${settings.HOST.includes(':') ? `[${settings.HOST}]` : settings.HOST}:${port}`;
  logger.info({ url }, 'ingress listening');

  return {
    url,
    routes: listRoutes(http.app),
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections that finish their last request while draining are closed as they go idle.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      server.closeIdleConnections();
      const timedOut = new Promise<void>((resolve) => setTimeout(resolve, settings.SLUICE_DRAIN_TIMEOUT_MS).unref());
      await Promise.race([closed, timedOut]);
      clearInterval(sweep);
      server.closeAllConnections();
      handoff?.close();
      await replies.stop();
      refusedRequestEvents.close();
      await asyncWork.stop();
      await passThroughTransport.close();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
