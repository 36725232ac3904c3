import type { ChatMessage } from '../openai-chat-schema';
import type { AnthropicContentBlockParam, AnthropicMessageParam } from './anthropic-request-schema';
import { parseToolArguments } from '../parse-tool-arguments';
import { readAssistantTexts, readTextParts } from '../read-openai-content-part';
import { unsupportedRole } from '../reject-unsupported-parameters';
import { textBlocks, toAnthropicUserBlocks } from './to-anthropic-content';

type Role = AnthropicMessageParam['role'];

export interface AnthropicConversation {
  /** System and developer messages, hoisted wherever they stood; absent when there were none. */
  system?: string | { type: 'text'; text: string }[];
  messages: { role: Role; content: AnthropicContentBlockParam[] }[];
}

function assistantBlocks(message: Extract<ChatMessage, { role: 'assistant' }>, param: string): AnthropicContentBlockParam[] {
  const blocks: AnthropicContentBlockParam[] = textBlocks(readAssistantTexts(message.content, `${param}.content`));
  for (const [index, call] of (message.tool_calls ?? []).entries()) {
    const input = parseToolArguments(call.function.arguments, `${param}.tool_calls.${index}.function.arguments`);
    blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input });
  }
  return blocks;
}

function toolResultBlock(message: Extract<ChatMessage, { role: 'tool' }>, param: string): AnthropicContentBlockParam {
  const texts = readTextParts(message.content, `${param}.content`, 'Tool');
  const content = texts.length === 1 ? (texts[0] ?? '') : textBlocks(texts);
  return { type: 'tool_result', tool_use_id: message.tool_call_id, content };
}

function turnOf(message: ChatMessage, param: string): { role: Role; content: AnthropicContentBlockParam[] } {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: toAnthropicUserBlocks(message.content, `${param}.content`) };
    case 'assistant':
      return { role: 'assistant', content: assistantBlocks(message, param) };
    case 'tool':
      return { role: 'user', content: [toolResultBlock(message, param)] };
    default:
      throw unsupportedRole(message.role, param);
  }
}

function systemOf(texts: string[]): AnthropicConversation['system'] {
  const nonEmpty = texts.filter((text) => text !== '');
  if (nonEmpty.length === 0) return undefined;
  if (nonEmpty.length === 1) return nonEmpty[0];
  return nonEmpty.map((text) => ({ type: 'text', text }));
}

/**
 * OpenAI messages as Anthropic's `system` and alternating turns: tool results become tool_result blocks
 * in a user turn, and consecutive turns of the same role are merged.
 */
export function toAnthropicMessages(messages: ChatMessage[]): AnthropicConversation {
  const systemTexts: string[] = [];
  const turns: AnthropicConversation['messages'] = [];
  for (const [index, message] of messages.entries()) {
    const param = `messages.${index}`;
    if (message.role === 'system' || message.role === 'developer') {
      systemTexts.push(...readTextParts(message.content, `${param}.content`, 'System'));
      continue;
    }
    const turn = turnOf(message, param);
    if (turn.content.length === 0) continue;
    const previous = turns.at(-1);
    if (previous?.role === turn.role) previous.content.push(...turn.content);
    else turns.push(turn);
  }
  const system = systemOf(systemTexts);
  return system === undefined ? { messages: turns } : { system, messages: turns };
}
