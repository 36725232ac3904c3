import type { Embedder } from './embedder';

/**
 * The vector collection for an embedder: named by its model, so switching the `embeddings`
 * target starts a new collection instead of comparing vectors of two models (or failing on
 * their different lengths).
 */
export function semanticCacheCollection(embedder: Embedder): string {
  return `sluice_semantic_cache_${embedder.id}_${embedder.dimensions}`.replace(/[^A-Za-z0-9_-]/g, '_');
}
