import type { ChatCompletion, FinishReason } from '../openai-response-types';
import { encodeReasoningCarrier, type ReasoningDetail } from '../reasoning';
import { type ItemIds, randomItemIds } from './response-item-ids';
import type { OutputItem, OutputReasoning, ResponseObject } from './response-object';
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
 * The reasoning item of a completion's reasoning: its text as a summary when the client asked for summaries
 * (`reasoning.summary`), else as reasoning_text content; Anthropic's signed thinking carried in `encrypted_content`
 * so that it can be handed back. Undefined when the completion shows no reasoning.
 */
export function reasoningItemOf(
  message: { reasoning_content?: unknown; reasoning_details?: readonly ReasoningDetail[] } | undefined,
  shell: ResponseObject,
  id: string,
): OutputReasoning | undefined {
  const text = typeof message?.reasoning_content === 'string' ? message.reasoning_content : '';
  const details = message?.reasoning_details ?? [];
  if (text === '' && details.length === 0) return undefined;
  return reasoningItem(id, text, details, shell);
}

/** A reasoning item with its text where the client wants it and its details, if any, as encrypted_content. */
export function reasoningItem(
  id: string,
  text: string,
  details: readonly ReasoningDetail[],
  shell: ResponseObject,
): OutputReasoning {
  const item: OutputReasoning = { id, type: 'reasoning', summary: [] };
  if (summarises(shell)) item.summary = text === '' ? [] : [{ type: 'summary_text', text }];
  else item.content = text === '' ? [] : [{ type: 'reasoning_text', text }];
  if (details.length > 0) item.encrypted_content = encodeReasoningCarrier(details);
  return item;
}

/** True when the client asked for reasoning summaries. */
export function summarises(shell: ResponseObject): boolean {
  const summary = shell.reasoning.summary;
  return typeof summary === 'string' && summary !== 'none';
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
  itemIds: ItemIds = randomItemIds,
): ResponseObject {
  const choice = completion.choices[0];
  const message = choice?.message;
  const output: OutputItem[] = [];
  const reasoning = reasoningItemOf(message, shell, itemIds('rs', 0));
  if (reasoning) output.push(reasoning);
  const text = message?.content ?? message?.refusal ?? null;
  const ended = statusOfFinish(choice?.finish_reason);
  const itemStatus = ended.status === 'completed' ? 'completed' : 'incomplete';
  if (typeof text === 'string' && text !== '') {
    output.push({
      id: itemIds('msg', output.length),
      type: 'message',
      status: itemStatus,
      role: 'assistant',
      content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
    });
  }
  for (const call of message?.tool_calls ?? []) {
    output.push({
      id: itemIds('fc', output.length),
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
