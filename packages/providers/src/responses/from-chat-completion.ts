import type { ChatCompletion, FinishReason } from '../openai-response-types';
import { newItemId } from './response-item-ids';
import type { OutputItem, ResponseObject } from './response-object';
import type { ToolName } from './to-chat-tools';
import { toResponseUsage } from './to-response-usage';

/** How a finished response ended: `incomplete` with its reason when the token limit or a content filter cut it. */
export function statusOfFinish(
  finish: FinishReason | null | undefined,
): Pick<ResponseObject, 'status' | 'incomplete_details'> {
  if (finish === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finish === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/** A function call's name and namespace as the client declared them. */
export function clientToolName(flat: string, names: ReadonlyMap<string, ToolName>): ToolName {
  return names.get(flat) ?? { name: flat };
}

/**
 * A chat completion as a finished response: reasoning text (as some OpenAI-compatible servers return it in
 * `reasoning_content`) as a reasoning item, the answer as a message with one output_text part, and each tool call
 * as a function_call item named as the client declared it.
 */
export function fromChatCompletion(
  completion: ChatCompletion,
  shell: ResponseObject,
  names: ReadonlyMap<string, ToolName>,
): ResponseObject {
  const choice = completion.choices[0];
  const message = choice?.message;
  const output: OutputItem[] = [];
  const reasoning = (message as { reasoning_content?: unknown } | undefined)?.reasoning_content;
  if (typeof reasoning === 'string' && reasoning !== '') {
    output.push({
      id: newItemId('rs'),
      type: 'reasoning',
      summary: [],
      content: [{ type: 'reasoning_text', text: reasoning }],
    });
  }
  const text = message?.content ?? message?.refusal ?? null;
  const ended = statusOfFinish(choice?.finish_reason);
  const itemStatus = ended.status === 'completed' ? 'completed' : 'incomplete';
  if (typeof text === 'string' && text !== '') {
    output.push({
      id: newItemId('msg'),
      type: 'message',
      status: itemStatus,
      role: 'assistant',
      content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
    });
  }
  for (const call of message?.tool_calls ?? []) {
    output.push({
      id: newItemId('fc'),
      type: 'function_call',
      status: 'completed',
      call_id: call.id,
      ...clientToolName(call.function.name, names),
      arguments: call.function.arguments,
    });
  }
  return {
    ...shell,
    ...ended,
    model: completion.model || shell.model,
    output,
    usage: toResponseUsage(completion.usage),
  };
}
