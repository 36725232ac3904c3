import type { EmbeddingsRequest } from '../openai-chat-schema';
import type { EmbeddingsResponse } from '../openai-response-types';
import { parseUpstreamBody } from '../parse-upstream-body';
import { GeminiBatchEmbedContentsResponseSchema, GeminiEmbedContentResponseSchema } from './gemini-wire-schemas';

/** OpenAI's base64 encoding: the little-endian float32 bytes of the vector. */
function toBase64(values: number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (const [index, value] of values.entries()) bytes.writeFloatLE(value, index * 4);
  return bytes.toString('base64');
}

function readVectors(body: unknown, request: EmbeddingsRequest): { vectors: number[][]; promptTokens: number } {
  if (typeof request.input === 'string') {
    const response = parseUpstreamBody(GeminiEmbedContentResponseSchema, body, 'gemini');
    return { vectors: [response.embedding.values], promptTokens: response.usageMetadata?.promptTokenCount ?? 0 };
  }
  const response = parseUpstreamBody(GeminiBatchEmbedContentsResponseSchema, body, 'gemini');
  return {
    vectors: response.embeddings.map((embedding) => embedding.values),
    promptTokens: response.usageMetadata?.promptTokenCount ?? 0,
  };
}

/**
 * An embedContent (single input) or batchEmbedContents (array input) answer in OpenAI's list shape.
 * Gemini's embedding answers usually carry no token counts; usage is 0 unless usageMetadata is present.
 */
export function fromGeminiEmbeddingsResponse(
  body: unknown,
  model: string,
  request: EmbeddingsRequest,
): EmbeddingsResponse {
  const { vectors, promptTokens } = readVectors(body, request);
  return {
    object: 'list',
    data: vectors.map((values, index) => ({
      object: 'embedding',
      index,
      embedding: request.encoding_format === 'base64' ? toBase64(values) : values,
    })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}
