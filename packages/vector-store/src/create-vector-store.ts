import { createEmbeddedVectorStore } from './embedded/embedded-vector-store';
import { createQdrantVectorStore } from './qdrant/qdrant-vector-store';
import type { VectorStore, VectorStoreLogger } from './vector-store';

export interface VectorStoreSelection {
  /** QDRANT_URL: when set, Qdrant; otherwise the embedded index. */
  qdrantUrl?: string | undefined;
  /** QDRANT_API_KEY. */
  qdrantApiKey?: string | undefined;
  /** SLUICE_DATA_DIR, where the embedded index keeps its snapshots. */
  dataDir: string;
  /** Letters, digits, `-` and `_`: a Qdrant collection, or a directory under dataDir. */
  collection: string;
  dimensions: number;
  logger?: VectorStoreLogger;
}

/** The vector store SPEC §2 asks for: Qdrant when QDRANT_URL is set, the embedded index under SLUICE_DATA_DIR otherwise. */
export function createVectorStore(selection: VectorStoreSelection): VectorStore {
  const { collection, dimensions, logger } = selection;
  if (selection.qdrantUrl) {
    return createQdrantVectorStore({
      url: selection.qdrantUrl,
      apiKey: selection.qdrantApiKey,
      collection,
      dimensions,
      logger,
    });
  }
  return createEmbeddedVectorStore({ dataDir: selection.dataDir, collection, dimensions, logger });
}
