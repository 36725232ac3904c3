import { nowInSeconds } from '../chat-chunk';
import type { ToolCall } from '../openai-chat-schema';
import type { ChatCompletion } from '../openai-response-types';
import { parseUpstreamBody } from '../parse-upstream-body';
import type { ReasoningDetail } from '../reasoning';
import {
  type AnthropicContentBlock,
  AnthropicMessageSchema,
  AnthropicRedactedThinkingBlockSchema,
  AnthropicThinkingBlockSchema,
} from './anthropic-wire-schemas';
import { fromAnthropicUsage } from './from-anthropic-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

function textOf(blocks: AnthropicContentBlock[]): string | null {
  const texts = blocks.flatMap((block) =>
    block.type === 'text' && typeof block.text === 'string' ? [block.text] : [],
  );
  return texts.length === 0 ? null : texts.join('');
}

function toolCallsOf(blocks: AnthropicContentBlock[]): ToolCall[] {
  return blocks.flatMap((block) =>
    block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string'
      ? [
          {
            id: block.id,
            type: 'function' as const,
            function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
          },
        ]
      : [],
  );
}

/** Thinking blocks as reasoning details, each with the signature Anthropic issued; redacted thinking as encrypted. */
export function reasoningDetailsOf(blocks: AnthropicContentBlock[]): ReasoningDetail[] {
  return blocks.flatMap((block): ReasoningDetail[] => {
    const thinking = AnthropicThinkingBlockSchema.safeParse(block);
    if (thinking.success) {
      const { thinking: text, signature } = thinking.data;
      return [signature ? { type: 'reasoning.text', text, signature } : { type: 'reasoning.text', text }];
    }
    const redacted = AnthropicRedactedThinkingBlockSchema.safeParse(block);
    return redacted.success ? [{ type: 'reasoning.encrypted', data: redacted.data.data }] : [];
  });
}

/** The readable reasoning of some details, joined; undefined when there is none. */
export function reasoningTextOf(details: readonly ReasoningDetail[]): string | undefined {
  const text = details.map((detail) => (detail.type === 'reasoning.text' ? detail.text : '')).join('');
  return text === '' ? undefined : text;
}

/**
 * An Anthropic Message as an OpenAI chat completion: text joined, tool_use blocks as tool_calls, thinking as
 * `reasoning_content` and, with its signatures, `reasoning_details`.
 */
export function fromAnthropicMessage(body: unknown): ChatCompletion {
  const message = parseUpstreamBody(AnthropicMessageSchema, body, 'anthropic');
  const toolCalls = toolCallsOf(message.content);
  const completionMessage: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: textOf(message.content),
  };
  if (toolCalls.length > 0) completionMessage.tool_calls = toolCalls;
  const details = reasoningDetailsOf(message.content);
  const reasoning = reasoningTextOf(details);
  if (reasoning !== undefined) completionMessage.reasoning_content = reasoning;
  if (details.length > 0) completionMessage.reasoning_details = details;
  return {
    id: message.id,
    object: 'chat.completion',
    created: nowInSeconds(),
    model: message.model,
    choices: [{ index: 0, message: completionMessage, finish_reason: mapAnthropicStopReason(message.stop_reason) }],
    usage: fromAnthropicUsage(message.usage),
  };
}
