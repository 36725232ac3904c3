import type { ChatCompletionChunk } from '../openai-response-types';
import { readFinishReason } from './openai-wire-schemas';

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isAbsent = (value: unknown): value is null | undefined => value === undefined || value === null;

/**
 * A streamed chunk of the common shapes — text, role and finish deltas, no tool calls and no usage — checked by hand
 * and read as OpenAIChatChunkSchema would read it, in place (the object was parsed for this read alone): a zod parse
 * of every token's chunk costs more than the rest of its relay. Undefined for anything else, which the schema then
 * judges, so a chunk of the wrong shape fails with the schema's own problems.
 */
export function readPlainChatChunk(data: unknown): ChatCompletionChunk | undefined {
  if (!isFields(data)) return undefined;
  const { id, created, model, choices } = data;
  if (!(id === undefined || typeof id === 'string')) return undefined;
  if (!(created === undefined || typeof created === 'number')) return undefined;
  if (!(model === undefined || typeof model === 'string')) return undefined;
  if (!isAbsent(data.usage) || !Array.isArray(choices)) return undefined;
  for (const choice of choices) if (!isPlainChoice(choice)) return undefined;
  data.id = id ?? '';
  data.object = 'chat.completion.chunk';
  data.created = created ?? 0;
  data.model = model ?? '';
  for (const choice of choices as Fields[]) {
    choice.index ??= 0;
    choice.delta ??= {};
    const delta = choice.delta as Fields;
    if (delta.role === null) delta.role = undefined;
    if (delta.tool_calls === null) delta.tool_calls = undefined;
    choice.finish_reason = readFinishReason(choice.finish_reason as string | null | undefined);
  }
  return data as unknown as ChatCompletionChunk;
}

function isPlainChoice(choice: unknown): boolean {
  if (!isFields(choice)) return false;
  const { index, delta, finish_reason: reason } = choice;
  if (!(index === undefined || (Number.isInteger(index) && (index as number) >= 0))) return false;
  if (!(isAbsent(reason) || typeof reason === 'string')) return false;
  if (delta === undefined) return true;
  if (!isFields(delta) || !isAbsent(delta.tool_calls)) return false;
  const { role, content, refusal } = delta;
  return (
    (isAbsent(role) || role === 'assistant') &&
    (isAbsent(content) || typeof content === 'string') &&
    (isAbsent(refusal) || typeof refusal === 'string')
  );
}
