import { withCacheControl } from '../cache-control';
import type { ChatMessage } from '../openai-chat-schema';
import { parseToolArguments } from '../parse-tool-arguments';
import { readAssistantParts, readTextOnlyParts } from '../read-openai-content-part';
import { readReasoningDetails } from '../reasoning';
import { unsupportedRole } from '../reject-unsupported-parameters';
import type { AnthropicContentBlockParam, AnthropicMessageParam } from './anthropic-request-schema';
import { type AnthropicTextBlock, markLastBlock, textBlocks, toAnthropicUserBlocks } from './to-anthropic-content';

type Role = AnthropicMessageParam['role'];

export interface AnthropicConversation {
  /** System and developer messages, hoisted wherever they stood; absent when there were none. */
  system?: string | AnthropicTextBlock[];
  messages: { role: Role; content: AnthropicContentBlockParam[] }[];
}

function assistantBlocks(
  message: Extract<ChatMessage, { role: 'assistant' }>,
  param: string,
): AnthropicContentBlockParam[] {
  const blocks: AnthropicContentBlockParam[] = [
    ...thinkingBlocks(message),
    ...textBlocks(readAssistantParts(message.content, `${param}.content`)),
  ];
  for (const [index, call] of (message.tool_calls ?? []).entries()) {
    const input = parseToolArguments(call.function.arguments, `${param}.tool_calls.${index}.function.arguments`);
    blocks.push(
      withCacheControl({ type: 'tool_use', id: call.id, name: call.function.name, input }, call.cache_control),
    );
  }
  return blocks;
}

/**
 * The reasoning an assistant turn hands back, as the thinking and redacted_thinking blocks Anthropic issued it as:
 * only signed reasoning can go back (Anthropic verifies it); reasoning from other providers is left out.
 */
function thinkingBlocks(message: Extract<ChatMessage, { role: 'assistant' }>): AnthropicContentBlockParam[] {
  return readReasoningDetails(message.reasoning_details).flatMap((detail): AnthropicContentBlockParam[] => {
    if (detail.type === 'reasoning.encrypted') return [{ type: 'redacted_thinking', data: detail.data }];
    return detail.signature ? [{ type: 'thinking', thinking: detail.text, signature: detail.signature }] : [];
  });
}

/** A tool message as a tool_result block: one text without a breakpoint as a string, else text blocks. */
function toolResultBlock(message: Extract<ChatMessage, { role: 'tool' }>, param: string): AnthropicContentBlockParam {
  const parts = readTextOnlyParts(message.content, `${param}.content`, 'Tool');
  const [only] = parts;
  const content = parts.length === 1 && only !== undefined && !only.cache_control ? only.text : textBlocks(parts);
  return { type: 'tool_result', tool_use_id: message.tool_call_id, content };
}

function blocksOf(message: ChatMessage, param: string): AnthropicContentBlockParam[] {
  switch (message.role) {
    case 'user':
      return toAnthropicUserBlocks(message.content, `${param}.content`);
    case 'assistant':
      return assistantBlocks(message, param);
    case 'tool':
      return [toolResultBlock(message, param)];
    default:
      throw unsupportedRole(message.role, param);
  }
}

/** A message as one Anthropic turn; its message-level breakpoint marks its last block. */
function turnOf(message: ChatMessage, param: string): { role: Role; content: AnthropicContentBlockParam[] } {
  const content = markLastBlock(blocksOf(message, param), message.cache_control);
  return { role: message.role === 'assistant' ? 'assistant' : 'user', content };
}

function systemOf(blocks: AnthropicTextBlock[]): AnthropicConversation['system'] {
  const [only] = blocks;
  if (only === undefined) return undefined;
  return blocks.length === 1 && !only.cache_control ? only.text : blocks;
}

/**
 * OpenAI messages as Anthropic's `system` and alternating turns: tool results become tool_result blocks
 * in a user turn, and consecutive turns of the same role are merged.
 */
export function toAnthropicMessages(messages: ChatMessage[]): AnthropicConversation {
  const systemBlocks: AnthropicTextBlock[] = [];
  const turns: AnthropicConversation['messages'] = [];
  for (const [index, message] of messages.entries()) {
    const param = `messages.${index}`;
    if (message.role === 'system' || message.role === 'developer') {
      const blocks = textBlocks(readTextOnlyParts(message.content, `${param}.content`, 'System'));
      systemBlocks.push(...markLastBlock(blocks, message.cache_control));
      continue;
    }
    const turn = turnOf(message, param);
    if (turn.content.length === 0) continue;
    const previous = turns.at(-1);
    if (previous?.role === turn.role) previous.content.push(...turn.content);
    else turns.push(turn);
  }
  const system = systemOf(systemBlocks);
  return system === undefined ? { messages: turns } : { system, messages: turns };
}
