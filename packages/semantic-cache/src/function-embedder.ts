import { UpstreamError } from '@sluice/errors';
import type { Embedder, EmbedTexts } from './embedder';

/**
 * An embedder over an injected function, e.g. the provider layer calling the configured
 * `embeddings` target. Its answers are checked: one vector per text, each of `dimensions` finite numbers.
 */
export function createFunctionEmbedder(
  embedTexts: EmbedTexts,
  dimensions: number,
  options: { id?: string } = {},
): Embedder {
  if (!Number.isInteger(dimensions) || dimensions < 1) throw new TypeError('dimensions must be a positive integer');
  const id = (options.id ?? `function-${dimensions}`).replace(/[^A-Za-z0-9_-]/g, '_');
  return {
    id,
    dimensions,
    async embed(texts) {
      if (texts.length === 0) return [];
      const vectors = await embedTexts([...texts]);
      const problem = describeProblem(vectors, texts.length, dimensions);
      if (problem) {
        throw new UpstreamError({
          kind: 'status',
          status: 502,
          code: 'embeddings_invalid_response',
          message: `The embeddings model answered ${problem}.`,
        });
      }
      return vectors;
    },
  };
}

function describeProblem(vectors: unknown, count: number, dimensions: number): string | undefined {
  if (!Array.isArray(vectors) || vectors.length !== count)
    return `${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${count} texts`;
  for (const vector of vectors) {
    if (!Array.isArray(vector) || vector.length !== dimensions)
      return `a vector of ${Array.isArray(vector) ? vector.length : 0} dimensions, not ${dimensions}`;
    if (!vector.every((value) => typeof value === 'number' && Number.isFinite(value)))
      return 'a vector with a value that is not a finite number';
  }
  return undefined;
}
