export { createVectorStore, type VectorStoreSelection } from './create-vector-store';
export { createEmbeddedVectorStore, type EmbeddedVectorStoreOptions } from './embedded/embedded-vector-store';
export { createQdrantVectorStore, type QdrantVectorStoreOptions } from './qdrant/qdrant-vector-store';
export type {
  JsonValue,
  VectorMatch,
  VectorPayload,
  VectorQuery,
  VectorRecord,
  VectorStore,
  VectorStoreLogger,
} from './vector-store';
export { VectorStoreError, type VectorStoreErrorCode, type VectorStoreErrorOptions } from './vector-store-error';
