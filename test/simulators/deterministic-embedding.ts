/**
 * Deterministic unit-length embedding vectors derived from a SHA-256 hash of the
 * input text, so equal inputs always embed equally and different inputs differ.
 */
import { createHash } from 'node:crypto';

export const defaultEmbeddingDimensions = 8;

export function deterministicEmbedding(text: string, dimensions: number = defaultEmbeddingDimensions): number[] {
  const components: number[] = [];
  for (let block = 0; components.length < dimensions; block += 1) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (let offset = 0; offset + 4 <= digest.length && components.length < dimensions; offset += 4) {
      components.push(digest.readUInt32BE(offset) / 0xffffffff - 0.5);
    }
  }
  const norm = Math.sqrt(components.reduce((sum, value) => sum + value * value, 0)) || 1;
  // Rounded to float32 precision, as providers return.
  return components.map((value) => Math.fround(value / norm));
}

/** Little-endian float32 bytes in base64, the OpenAI `encoding_format: "base64"` form. */
export function embeddingToBase64(vector: readonly number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}
