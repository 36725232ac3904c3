/** The text a `/v1/messages` body puts before the model, for counting its tokens without the provider. */
export interface AnthropicPromptText {
  text: string;
  /** Messages, each framed by a few tokens of its own. */
  messages: number;
  /** Image and document blocks, which have no text to count. */
  mediaBlocks: number;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collect(content: unknown, parts: string[], counts: { mediaBlocks: number }): void {
  if (typeof content === 'string') {
    parts.push(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const block of content) {
    if (!isObject(block)) continue;
    if (
      block.type === 'image' ||
      (block.type === 'document' && !(isObject(block.source) && block.source.type === 'text'))
    )
      counts.mediaBlocks += 1;
    for (const key of ['text', 'thinking'] as const) if (typeof block[key] === 'string') parts.push(block[key]);
    if (isObject(block.source) && typeof block.source.data === 'string' && block.source.type === 'text')
      parts.push(block.source.data);
    if (block.type === 'tool_use') parts.push(String(block.name), JSON.stringify(block.input ?? {}));
    if (block.type === 'tool_result') collect(block.content, parts, counts);
  }
}

/**
 * The system prompt, every message's text (thinking, tool inputs and results included) and the tool definitions of a
 * `/v1/messages` body, whatever its block types: what a local token count reads (docs/anthropic-messages.md).
 */
export function anthropicPromptText(body: JsonObject): AnthropicPromptText {
  const parts: string[] = [];
  const counts = { mediaBlocks: 0 };
  collect(body.system, parts, counts);
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (const message of messages) {
    if (!isObject(message)) continue;
    if (typeof message.role === 'string') parts.push(message.role);
    collect(message.content, parts, counts);
  }
  if (Array.isArray(body.tools)) parts.push(JSON.stringify(body.tools));
  return { text: parts.join('\n'), messages: messages.length, mediaBlocks: counts.mediaBlocks };
}
