export type VectorStoreErrorCode =
  | 'vector_store_unavailable'
  | 'vector_store_closed'
  | 'vector_dimension_mismatch'
  | 'invalid_vector'
  | 'invalid_record';

export interface VectorStoreErrorOptions {
  code: VectorStoreErrorCode;
  message: string;
  retryable?: boolean;
  cause?: unknown;
}

/**
 * A vector store failure with a stable code and explicit retryability. This package has no
 * dependency on @sluice/errors; callers (the semantic cache) translate it into a SluiceError.
 */
export class VectorStoreError extends Error {
  readonly code: VectorStoreErrorCode;
  readonly retryable: boolean;

  constructor(options: VectorStoreErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'VectorStoreError';
    this.code = options.code;
    this.retryable = options.retryable ?? options.code === 'vector_store_unavailable';
  }
}
