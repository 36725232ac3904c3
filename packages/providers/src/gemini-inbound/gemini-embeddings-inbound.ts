import { InvalidRequestError, zodProblems } from '@sluice/errors';
import type { EmbeddingsRequest } from '../openai-chat-schema';
import type { EmbeddingsResponse } from '../openai-response-types';
import {
  GeminiBatchEmbedContentsRequestSchema,
  type GeminiEmbedContentRequest,
  GeminiEmbedContentRequestSchema,
} from './gemini-inbound-schemas';
import { refuseUnknownFields, untranslatable } from './untranslatable-field';

const EMBED_FIELDS = new Set(['model', 'content', 'outputDimensionality']);

/** Which embedding method a request called. */
export type GeminiEmbedMethod = 'embedContent' | 'batchEmbedContents';

/**
 * An `embedContent` or `batchEmbedContents` body as an OpenAI embeddings request, for accounts of any other provider
 * (docs/gemini-api.md): each content's text parts joined; a task type, a title or non-text parts are refused by name.
 */
export function translateGeminiEmbedRequest(
  body: unknown,
  model: string,
  method: GeminiEmbedMethod,
): EmbeddingsRequest {
  if (method === 'embedContent') {
    const single = GeminiEmbedContentRequestSchema.safeParse(body);
    if (!single.success)
      throw InvalidRequestError.fromProblems('Gemini embedContent request', zodProblems(single.error.issues));
    const request: EmbeddingsRequest = { model, input: textOf(single.data, '') };
    return withDimensions(request, single.data.outputDimensionality);
  }
  const batch = GeminiBatchEmbedContentsRequestSchema.safeParse(body);
  if (!batch.success)
    throw InvalidRequestError.fromProblems('Gemini batchEmbedContents request', zodProblems(batch.error.issues));
  refuseUnknownFields(batch.data, new Set(['requests']), '');
  const dimensions = new Set(batch.data.requests.map((request) => request.outputDimensionality));
  if (dimensions.size > 1)
    throw untranslatable('requests.outputDimensionality', 'a batch has one outputDimensionality');
  const input = batch.data.requests.map((request, index) => textOf(request, `requests.${index}`));
  return withDimensions({ model, input }, batch.data.requests[0]?.outputDimensionality);
}

/** OpenAI embeddings as Gemini's answer: `{embedding}` for embedContent, `{embeddings: […]}` for a batch. */
export function toGeminiEmbedResponse(
  response: EmbeddingsResponse,
  method: GeminiEmbedMethod,
): Record<string, unknown> {
  const embeddings = response.data.map((item) => ({
    values: typeof item.embedding === 'string' ? [] : item.embedding,
  }));
  return method === 'embedContent' ? { embedding: embeddings[0] ?? { values: [] } } : { embeddings };
}

function textOf(request: GeminiEmbedContentRequest, at: string): string {
  refuseUnknownFields(request, EMBED_FIELDS, at);
  const prefix = at === '' ? 'content' : `${at}.content`;
  return request.content.parts
    .map((part, index) => {
      refuseUnknownFields(part, new Set(['text']), `${prefix}.parts.${index}`);
      return part.text ?? '';
    })
    .join('\n');
}

function withDimensions(request: EmbeddingsRequest, dimensions: number | undefined): EmbeddingsRequest {
  return dimensions === undefined ? request : { ...request, dimensions };
}
