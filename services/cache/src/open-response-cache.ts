import { randomUUID } from 'node:crypto';
import type { Env, GatewayConfig } from '@sluice/config';
import { InvalidRequestError, UnavailableError } from '@sluice/errors';
import type { Logger } from '@sluice/observability';
import type { RedisClient } from '@sluice/queues';
import { type ProviderQueues, type QueueCatalog, ReplyListener } from '@sluice/queues';
import {
  createFunctionEmbedder,
  createOfflineEmbedder,
  type Embedder,
  ResponseCache,
  semanticCacheCollection,
} from '@sluice/semantic-cache';
import { createVectorStore, type VectorStore } from '@sluice/vector-store';
import { embeddingDimensions, takesDimensionsParameter } from './embedding-dimensions';
import { queuedEmbedTexts } from './queued-embed-texts';

/** The settings the response cache reads (docs/configuration.md). */
export type ResponseCacheSettings = Pick<Env, 'SLUICE_SERVICES' | 'QDRANT_URL' | 'QDRANT_API_KEY' | 'SLUICE_DATA_DIR'>;

export interface OpenResponseCacheOptions {
  settings: ResponseCacheSettings;
  config: GatewayConfig;
  catalog: QueueCatalog;
  /** The shared command connection. */
  redis: RedisClient;
  /**
   * The embeddings reply stream's reader, a connection of its own (used only when `embeddings` is configured); the
   * caller opens it and disconnects it after `close`.
   */
  embeddingReplies: RedisClient;
  queues: ProviderQueues;
  logger: Logger;
}

export interface OpenedResponseCache {
  cache: ResponseCache;
  /** Persists and releases the vector store and stops the embeddings reply channel. */
  close(): Promise<void>;
}

/**
 * The response cache one process shares between its ingress (lookups) and cache service (writes): exact entries in
 * Redis, semantic entries in Qdrant (QDRANT_URL) or the embedded index under SLUICE_DATA_DIR, embedded by the
 * configured `embeddings` target through the provider queues, or by the offline model when none is configured.
 * The embedded index lives in one process, so without QDRANT_URL semantic matching needs ingress and cache
 * service in the same process; otherwise semantic requests are answered from the exact cache only.
 */
export async function openResponseCache(options: OpenResponseCacheOptions): Promise<OpenedResponseCache> {
  const { settings, config, logger } = options;
  const keyPrefix = `${options.catalog.prefix}:cache:`;
  const services = new Set(settings.SLUICE_SERVICES);
  if (settings.QDRANT_URL === undefined && !(services.has('ingress') && services.has('cache'))) {
    if (usesSemanticMode(config)) {
      logger.warn(
        'semantic cache off: ingress and cache service run in separate processes, which share vectors only through Qdrant; set QDRANT_URL',
      );
    }
    return {
      cache: new ResponseCache({ redis: options.redis, keyPrefix, hashTag: options.catalog.hashTag }),
      close: async () => undefined,
    };
  }
  const embedding = await openEmbedder(options);
  const store = createVectorStore({
    qdrantUrl: settings.QDRANT_URL,
    qdrantApiKey: settings.QDRANT_API_KEY,
    dataDir: settings.SLUICE_DATA_DIR,
    collection: semanticCacheCollection(embedding.embedder),
    dimensions: embedding.embedder.dimensions,
    logger,
  });
  try {
    await store.ensureCollection();
  } catch (error) {
    await embedding.close();
    throw new UnavailableError(`the semantic cache's vector store cannot be opened: ${describe(error)}`, error);
  }
  if (usesSemanticMode(config) && embedding.offline) warmUp(embedding.embedder, logger);
  return {
    cache: new ResponseCache({
      redis: options.redis,
      keyPrefix,
      hashTag: options.catalog.hashTag,
      semantic: { store, embedder: embedding.embedder },
    }),
    async close() {
      await closeQuietly(store, logger);
      await embedding.close();
    },
  };
}

interface OpenedEmbedder {
  embedder: Embedder;
  offline: boolean;
  close(): Promise<void>;
}

async function openEmbedder(options: OpenResponseCacheOptions): Promise<OpenedEmbedder> {
  const target = options.config.embeddings;
  if (!target) return { embedder: createOfflineEmbedder(), offline: true, close: async () => undefined };
  const dimensions = embeddingDimensions(target.model, target.dimensions);
  if (dimensions === undefined) {
    throw new InvalidRequestError(
      `embeddings.dimensions: Sluice does not know the vector size of "${target.model}"; set it in sluice.yaml`,
      {
        param: 'embeddings.dimensions',
      },
    );
  }
  const replies = new ReplyListener({
    blockingRedis: options.embeddingReplies,
    redis: options.redis,
    streamKey: options.catalog.replyStream(`embeddings-${randomUUID()}`),
    onError: (error) => options.logger.warn({ err: error }, 'embeddings reply channel read failed; retrying'),
  });
  await replies.start();
  const embedTexts = queuedEmbedTexts({
    config: options.config,
    provider: target.provider,
    model: target.model,
    requestDimensions: takesDimensionsParameter(target.model) ? dimensions : undefined,
    queues: options.queues,
    replies,
  });
  return {
    embedder: createFunctionEmbedder(embedTexts, dimensions, { id: `${target.provider}-${target.model}` }),
    offline: false,
    close: () => replies.stop(),
  };
}

function usesSemanticMode(config: GatewayConfig): boolean {
  return Object.values(config.configs).some((routing) => routing.cache?.mode === 'semantic');
}

/** Loads the offline model in the background, so the first semantic request does not wait for it. */
function warmUp(embedder: Embedder, logger: Logger): void {
  embedder
    .embed(['warm-up'])
    .catch((error: unknown) => logger.warn({ err: error }, 'the offline embedding model did not load'));
}

async function closeQuietly(store: VectorStore, logger: Logger): Promise<void> {
  try {
    await store.close();
  } catch (error) {
    logger.warn({ err: error }, 'the vector store did not close cleanly');
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
