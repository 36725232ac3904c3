import type { AnthropicContentBlockParam, AnthropicMessageParam } from '../anthropic/anthropic-request-schema';
import { type CacheControl, withCacheControl } from '../cache-control';
import type { ChatMessage, ContentPart, ToolCall } from '../openai-chat-schema';
import { unsupportedValue } from '../reject-unsupported-parameters';

type Block = AnthropicContentBlockParam;
type TextPart = { type: 'text'; text: string; cache_control?: CacheControl };

/** A text block as a text part, keeping its prompt-cache breakpoint. */
function toTextPart(block: Extract<Block, { type: 'text' }>): TextPart {
  return withCacheControl({ type: 'text', text: block.text }, block.cache_control);
}

/** An image or document block as an OpenAI content part: base64 as a data URL, images by URL as they are. */
function toMediaPart(block: Extract<Block, { type: 'image' | 'document' }>, param: string): ContentPart {
  const { source } = block;
  if (block.type === 'image') {
    const url = source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url;
    return withCacheControl({ type: 'image_url', image_url: { url } }, block.cache_control);
  }
  if (source.type === 'base64' && source.media_type === 'application/pdf') {
    return withCacheControl(
      { type: 'file', file: { file_data: `data:application/pdf;base64,${source.data}` } },
      block.cache_control,
    );
  }
  throw unsupportedValue(`${param}.source`, 'Only base64 PDF documents can be translated.');
}

/** A tool_result's content: its text, or its text blocks as text parts; images in tool results have no OpenAI form. */
function toolResultContent(
  content: Extract<Block, { type: 'tool_result' }>['content'],
  param: string,
): string | TextPart[] {
  if (content === undefined || typeof content === 'string') return content ?? '';
  return content.map((block, index): TextPart => {
    if (block.type === 'text') return toTextPart(block);
    throw unsupportedValue(
      `${param}.content.${index}.type`,
      `\`${block.type}\` blocks in tool results cannot be translated; send text.`,
    );
  });
}

/** A tool_result block as a tool message; the block's breakpoint goes on the message. */
function toToolMessage(block: Extract<Block, { type: 'tool_result' }>, param: string): ChatMessage {
  const message = {
    role: 'tool' as const,
    tool_call_id: block.tool_use_id,
    content: toolResultContent(block.content, param),
  };
  return withCacheControl(message, block.cache_control);
}

/** A user turn: tool_result blocks become tool messages, the other blocks user messages, in their order. */
function fromUserBlocks(blocks: Block[], param: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let parts: ContentPart[] = [];
  const flush = () => {
    if (parts.length > 0) messages.push({ role: 'user', content: parts });
    parts = [];
  };
  for (const [index, block] of blocks.entries()) {
    const blockParam = `${param}.${index}`;
    if (block.type === 'tool_result') {
      flush();
      messages.push(toToolMessage(block, blockParam));
    } else if (block.type === 'text') {
      parts.push(toTextPart(block));
    } else if (block.type === 'image' || block.type === 'document') {
      parts.push(toMediaPart(block, blockParam));
    } else {
      throw unsupportedValue(`${blockParam}.type`, `\`${block.type}\` blocks may not appear in user messages.`);
    }
  }
  flush();
  return messages;
}

function toToolCall(block: Extract<Block, { type: 'tool_use' }>): ToolCall {
  const call: ToolCall = {
    id: block.id,
    type: 'function',
    function: { name: block.name, arguments: JSON.stringify(block.input) },
  };
  return withCacheControl(call, block.cache_control);
}

/** Text parts as assistant content: a single text without a breakpoint as a plain string. */
function assistantContent(texts: TextPart[]): string | TextPart[] | null {
  const [only] = texts;
  if (only === undefined) return null;
  return texts.length === 1 && only.cache_control === undefined ? only.text : texts;
}

/** An assistant turn: text blocks as content, tool_use blocks as tool_calls; earlier thinking is left out. */
function fromAssistantBlocks(blocks: Block[], param: string): ChatMessage[] {
  const texts: TextPart[] = [];
  const toolCalls: ToolCall[] = [];
  for (const [index, block] of blocks.entries()) {
    if (block.type === 'text') texts.push(toTextPart(block));
    else if (block.type === 'tool_use') toolCalls.push(toToolCall(block));
    else if (block.type !== 'thinking' && block.type !== 'redacted_thinking') {
      throw unsupportedValue(
        `${param}.${index}.type`,
        `\`${block.type}\` blocks may not appear in assistant messages.`,
      );
    }
  }
  if (texts.length === 0 && toolCalls.length === 0) return [];
  const content = assistantContent(texts);
  return [
    toolCalls.length === 0 ? { role: 'assistant', content } : { role: 'assistant', content, tool_calls: toolCalls },
  ];
}

/** One Anthropic message as the OpenAI messages it stands for. */
export function fromAnthropicMessageParam(message: AnthropicMessageParam, param: string): ChatMessage[] {
  if (typeof message.content === 'string') return [{ role: message.role, content: message.content }];
  return message.role === 'user'
    ? fromUserBlocks(message.content, `${param}.content`)
    : fromAssistantBlocks(message.content, `${param}.content`);
}
