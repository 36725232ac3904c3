/** Vector sizes of the embedding models Sluice knows; any other model needs `embeddings.dimensions` in sluice.yaml. */
const KNOWN_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
  'text-embedding-004': 768,
  'text-embedding-005': 768,
  'embedding-001': 768,
  'gemini-embedding-001': 3072,
};

/** The configured size, or the known size of the model; undefined when neither exists. */
export function embeddingDimensions(model: string, configured: number | undefined): number | undefined {
  return configured ?? KNOWN_DIMENSIONS[model];
}

/** Models that return vectors of any requested size: Sluice asks them for exactly the size it indexes. */
export function takesDimensionsParameter(model: string): boolean {
  return model.startsWith('text-embedding-3');
}
