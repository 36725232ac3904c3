import { nowInSeconds } from '../chat-chunk';
import type { ToolCall } from '../openai-chat-schema';
import type { ChatCompletion } from '../openai-response-types';
import { parseUpstreamBody } from '../parse-upstream-body';
import { type AnthropicContentBlock, AnthropicMessageSchema } from './anthropic-wire-schemas';
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

/** An Anthropic Message as an OpenAI chat completion: text joined, tool_use blocks as tool_calls, thinking left out. */
export function fromAnthropicMessage(body: unknown): ChatCompletion {
  const message = parseUpstreamBody(AnthropicMessageSchema, body, 'anthropic');
  const toolCalls = toolCallsOf(message.content);
  const completionMessage: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: textOf(message.content),
  };
  if (toolCalls.length > 0) completionMessage.tool_calls = toolCalls;
  return {
    id: message.id,
    object: 'chat.completion',
    created: nowInSeconds(),
    model: message.model,
    choices: [{ index: 0, message: completionMessage, finish_reason: mapAnthropicStopReason(message.stop_reason) }],
    usage: fromAnthropicUsage(message.usage),
  };
}
