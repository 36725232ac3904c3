/**
 * OpenAI moderations (`POST /v1/moderations`): one result per input (a string, strings, or text and image parts), as
 * `omni-moderation-latest` answers. Deterministic: an input mentioning "violence" is flagged for `violence`.
 */
import { randomId } from './echo-answer';
import { openAIInvalidRequest } from './openai-error-body';
import { isRecord, type JsonReply } from './simulator-exchange';

const CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

function inputsOf(input: unknown): { text: string; types: string[] }[] | undefined {
  if (typeof input === 'string') return [{ text: input, types: ['text'] }];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item) => typeof item === 'string')) return input.map((text) => ({ text, types: ['text'] }));
  const parts = input.filter(isRecord);
  if (parts.length !== input.length) return undefined;
  const text = parts.map((part) => (typeof part.text === 'string' ? part.text : '')).join(' ');
  const types = [...new Set(parts.map((part) => (part.type === 'image_url' ? 'image' : 'text')))];
  return [{ text, types }];
}

export function answerOpenAIModerations(body: unknown): JsonReply {
  if (!isRecord(body)) return openAIInvalidRequest('Invalid type for body: expected an object.');
  const inputs = inputsOf(body.input);
  if (inputs === undefined)
    return openAIInvalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  const model = typeof body.model === 'string' ? body.model : 'omni-moderation-latest';
  const results = inputs.map(({ text, types }) => {
    const violent = /violence/i.test(text);
    const flagged = (category: string) => violent && category === 'violence';
    return {
      flagged: violent,
      categories: Object.fromEntries(CATEGORIES.map((category) => [category, flagged(category)])),
      category_scores: Object.fromEntries(CATEGORIES.map((category) => [category, flagged(category) ? 0.91 : 0.0001])),
      category_applied_input_types: Object.fromEntries(CATEGORIES.map((category) => [category, types])),
    };
  });
  return {
    status: 200,
    body: { id: randomId('modr-', 24), model: `${model.replace(/-latest$/, '')}-2024-09-26`, results },
  };
}
