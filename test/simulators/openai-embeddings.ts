/**
 * OpenAI embeddings (`POST /v1/embeddings`, also the Azure deployment route).
 * Honours batch inputs and their order, `dimensions`, and `encoding_format:
 * "base64"` (which the official Node SDK requests by default).
 */
import { defaultEmbeddingDimensions, deterministicEmbedding, embeddingToBase64 } from './deterministic-embedding';
import { countTokens } from './echo-answer';
import { openAIInvalidRequest } from './openai-error-body';
import { isRecord, type JsonReply } from './simulator-exchange';

interface EmbeddingInput {
  text: string;
  tokens: number;
}

function isTokenArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'number');
}

function toEmbeddingInputs(input: unknown): EmbeddingInput[] | undefined {
  if (typeof input === 'string') return [{ text: input, tokens: countTokens(input.length) }];
  if (isTokenArray(input)) return [{ text: input.join(','), tokens: input.length }];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  const inputs: EmbeddingInput[] = [];
  for (const item of input) {
    if (typeof item === 'string') inputs.push({ text: item, tokens: countTokens(item.length) });
    else if (isTokenArray(item)) inputs.push({ text: item.join(','), tokens: item.length });
    else return undefined;
  }
  return inputs;
}

/** `defaultModel` is the Azure deployment name, used when the body names no model. */
export function answerOpenAIEmbeddings(body: unknown, defaultModel?: string): JsonReply {
  if (!isRecord(body)) return openAIInvalidRequest('Invalid type for body: expected an object.', null, 'invalid_type');
  const model = typeof body.model === 'string' && body.model !== '' ? body.model : defaultModel;
  if (model === undefined) return openAIInvalidRequest('you must provide a model parameter');
  if (body.input === undefined)
    return openAIInvalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  const inputs = toEmbeddingInputs(body.input);
  if (inputs === undefined) {
    return openAIInvalidRequest(
      "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
      'input',
    );
  }
  const dimensions = body.dimensions ?? defaultEmbeddingDimensions;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1) {
    return openAIInvalidRequest(`Invalid 'dimensions': expected an integer >= 1.`, 'dimensions', 'invalid_value');
  }
  const encodingFormat = body.encoding_format ?? 'float';
  if (encodingFormat !== 'float' && encodingFormat !== 'base64') {
    return openAIInvalidRequest(
      `Invalid value for 'encoding_format': expected 'float' or 'base64'.`,
      'encoding_format',
      'invalid_value',
    );
  }
  const data = inputs.map((input, index) => {
    const vector = deterministicEmbedding(input.text, dimensions);
    return { object: 'embedding', index, embedding: encodingFormat === 'base64' ? embeddingToBase64(vector) : vector };
  });
  const promptTokens = inputs.reduce((sum, input) => sum + input.tokens, 0);
  return {
    status: 200,
    body: { object: 'list', data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } },
  };
}
