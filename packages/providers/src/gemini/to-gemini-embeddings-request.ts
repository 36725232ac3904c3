import type { EmbeddingsRequest } from '../openai-chat-schema';
import { unsupportedValue } from '../reject-unsupported-parameters';
import { geminiModelPath } from './gemini-model-path';

interface GeminiEmbedContentRequest {
  model: string;
  content: { parts: { text: string }[] };
  outputDimensionality?: number;
}

export type GeminiEmbeddingsCall =
  | { method: 'embedContent'; body: GeminiEmbedContentRequest }
  | { method: 'batchEmbedContents'; body: { requests: GeminiEmbedContentRequest[] } };

function embedRequest(text: string, model: string, dimensions: number | undefined): GeminiEmbedContentRequest {
  const request: GeminiEmbedContentRequest = { model: geminiModelPath(model), content: { parts: [{ text }] } };
  if (dimensions !== undefined) request.outputDimensionality = dimensions;
  return request;
}

function isStringArray(input: EmbeddingsRequest['input']): input is string[] {
  return Array.isArray(input) && input.every((item) => typeof item === 'string');
}

/**
 * One string → embedContent; an array of strings → batchEmbedContents, in order; `dimensions` →
 * outputDimensionality. Token-id input has no Gemini equivalent and is a 400.
 */
export function toGeminiEmbeddingsCall(request: EmbeddingsRequest, model: string): GeminiEmbeddingsCall {
  const { input, dimensions } = request;
  if (typeof input === 'string') return { method: 'embedContent', body: embedRequest(input, model, dimensions) };
  if (!isStringArray(input)) throw unsupportedValue('input', 'The gemini provider embeds text only, not token ids.');
  return {
    method: 'batchEmbedContents',
    body: { requests: input.map((text) => embedRequest(text, model, dimensions)) },
  };
}
