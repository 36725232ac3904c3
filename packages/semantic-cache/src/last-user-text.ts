import type { ChatMessage } from '@sluice/providers';

/** Index of the last message with role `user`, or -1. */
export function lastUserMessageIndex(messages: readonly ChatMessage[]): number {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    if (messages[index]?.role === 'user') return index;
  }
  return -1;
}

/** The text of a message: its string content, or its text parts joined by newlines. */
export function messageText(message: ChatMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .flatMap((part) => (part.type === 'text' && typeof part.text === 'string' ? [part.text] : []))
    .join('\n');
}

/** The text of the last user message, trimmed; undefined when there is none or it has no text. */
export function lastUserText(messages: readonly ChatMessage[]): string | undefined {
  const index = lastUserMessageIndex(messages);
  const message = messages[index];
  if (!message) return undefined;
  const text = messageText(message).trim();
  return text === '' ? undefined : text;
}
