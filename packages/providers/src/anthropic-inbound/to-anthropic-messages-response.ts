import { UpstreamError } from '@sluice/errors';
import type { AnthropicContentBlock, AnthropicMessage } from '../anthropic/anthropic-wire-schemas';
import type { ToolCall } from '../openai-chat-schema';
import type { ChatCompletion } from '../openai-response-types';
import { toAnthropicMessageId, toAnthropicStopReason, toAnthropicUsage } from './to-anthropic-message-fields';

/** Tool call arguments as the JSON object a tool_use block's input must be. */
function toolInput(call: ToolCall): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = call.function.arguments.trim() === '' ? {} : JSON.parse(call.function.arguments);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  throw new UpstreamError({
    message: `The model called \`${call.function.name}\` with arguments that are not a JSON object.`,
    kind: 'status',
    status: 502,
    code: 'upstream_invalid_response',
    retryable: false,
  });
}

/** An OpenAI chat completion (its first choice) as an Anthropic Message answering `requestedModel`. */
export function toAnthropicMessagesResponse(completion: ChatCompletion, requestedModel: string): AnthropicMessage {
  const choice = completion.choices[0];
  const text = [choice?.message.content, choice?.message.refusal]
    .filter((part) => typeof part === 'string' && part !== '')
    .join('');
  const content: AnthropicContentBlock[] = text === '' ? [] : [{ type: 'text', text }];
  for (const call of choice?.message.tool_calls ?? []) {
    content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: toolInput(call) });
  }
  return {
    id: toAnthropicMessageId(completion.id),
    type: 'message',
    role: 'assistant',
    model: requestedModel,
    content,
    stop_reason: toAnthropicStopReason(choice?.finish_reason),
    stop_sequence: null,
    usage: toAnthropicUsage(completion.usage),
  };
}
