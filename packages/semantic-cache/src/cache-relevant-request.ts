import type { ChatCompletionRequest } from '@sluice/providers';

/**
 * Request fields that never change what the model answers: how the answer is delivered (stream,
 * stream_options), who asked (user, safety_identifier), bookkeeping (metadata, store), and hints
 * to the provider about its own caching and capacity (prompt_cache_key, service_tier).
 */
export const OUTPUT_NEUTRAL_FIELDS: ReadonlySet<string> = new Set([
  'stream',
  'stream_options',
  'user',
  'safety_identifier',
  'metadata',
  'store',
  'prompt_cache_key',
  'service_tier',
]);

type JsonObject = Record<string, unknown>;

/**
 * The part of a chat request that decides its answer, in one normal form: output-neutral fields
 * and nulls (OpenAI's "use the default") removed, `stop` as a list, `n: 1` and empty `tools`
 * dropped, and a message content of one text part written as a plain string. Everything else,
 * unknown parameters included, is kept as sent.
 */
export function cacheRelevantRequest(request: ChatCompletionRequest): JsonObject {
  const relevant: JsonObject = {};
  for (const [key, value] of Object.entries(request)) {
    if (OUTPUT_NEUTRAL_FIELDS.has(key) || value === null || value === undefined) continue;
    relevant[key] = value;
  }
  if (typeof relevant.stop === 'string') relevant.stop = [relevant.stop];
  if (Array.isArray(relevant.stop) && relevant.stop.length === 0) delete relevant.stop;
  if (relevant.n === 1) delete relevant.n;
  if (Array.isArray(relevant.tools) && relevant.tools.length === 0) delete relevant.tools;
  relevant.messages = request.messages.map((message) => normalizeMessage(message as JsonObject));
  return relevant;
}

function normalizeMessage(message: JsonObject): JsonObject {
  const normal: JsonObject = {};
  for (const [key, value] of Object.entries(message)) {
    if (value !== null && value !== undefined) normal[key] = value;
  }
  const content = normal.content;
  if (Array.isArray(content) && content.length === 1) {
    const part = content[0] as JsonObject | undefined;
    const keys = part ? Object.keys(part) : [];
    if (
      part?.type === 'text' &&
      typeof part.text === 'string' &&
      keys.every((key) => key === 'type' || key === 'text')
    ) {
      normal.content = part.text;
    }
  }
  if (Array.isArray(normal.tool_calls) && normal.tool_calls.length === 0) delete normal.tool_calls;
  return normal;
}
