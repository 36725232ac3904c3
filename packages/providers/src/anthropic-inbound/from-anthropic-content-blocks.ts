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

/**
 * An image or document block as an OpenAI content part: base64 as a data URL, images by URL as they are, a plain-text
 * document as its text.
 */
function toMediaPart(block: Extract<Block, { type: 'image' | 'document' }>, param: string): ContentPart {
  const { source } = block;
  if (block.type === 'document' && source.type === 'text' && typeof source.data === 'string') {
    return withCacheControl({ type: 'text', text: source.data }, block.cache_control);
  }
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

/**
 * A tool_result block as a tool message (the block's breakpoint on the message) with its text; its images and
 * documents, which a tool message cannot hold, go to `media` for the user message that follows the tool messages.
 */
function toToolMessage(
  block: Extract<Block, { type: 'tool_result' }>,
  param: string,
  media: ContentPart[],
): ChatMessage {
  const { content } = block;
  const texts: TextPart[] = [];
  if (Array.isArray(content)) {
    for (const [index, part] of content.entries()) {
      if (part.type === 'text') texts.push(toTextPart(part));
      else media.push(toMediaPart(part, `${param}.content.${index}`));
    }
  }
  const message = {
    role: 'tool' as const,
    tool_call_id: block.tool_use_id,
    content: typeof content === 'string' ? content : content === undefined ? '' : texts,
  };
  return withCacheControl(message, block.cache_control);
}

/**
 * A user turn: tool_result blocks become tool messages, first (a tool message must follow the assistant's tool
 * calls), then one user message with the other blocks, and the images and documents of tool results, in their order.
 */
function fromUserBlocks(blocks: Block[], param: string): ChatMessage[] {
  const toolMessages: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  for (const [index, block] of blocks.entries()) {
    const blockParam = `${param}.${index}`;
    if (block.type === 'tool_result') {
      toolMessages.push(toToolMessage(block, blockParam, parts));
    } else if (block.type === 'text') {
      parts.push(toTextPart(block));
    } else if (block.type === 'image' || block.type === 'document') {
      parts.push(toMediaPart(block, blockParam));
    } else {
      throw unsupportedValue(`${blockParam}.type`, `\`${block.type}\` blocks may not appear in user messages.`);
    }
  }
  return parts.length > 0 ? [...toolMessages, { role: 'user', content: parts }] : toolMessages;
}

/** A system-role message inside `messages`, as a system message where it stands. */
function fromSystemBlocks(blocks: Block[], param: string): ChatMessage[] {
  const texts = blocks.map((block, index) => {
    if (block.type === 'text') return toTextPart(block);
    throw unsupportedValue(`${param}.${index}.type`, `\`${block.type}\` blocks may not appear in system messages.`);
  });
  return texts.length === 0 ? [] : [{ role: 'system', content: texts }];
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
  if (message.role === 'system') return fromSystemBlocks(message.content, `${param}.content`);
  return message.role === 'user'
    ? fromUserBlocks(message.content, `${param}.content`)
    : fromAssistantBlocks(message.content, `${param}.content`);
}
