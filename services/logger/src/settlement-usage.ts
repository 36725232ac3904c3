import { estimateTextTokens } from '@sluice/governance';
import { type CompletionEvent, type EventBodiesText, withParsedBodies } from '@sluice/queues';
import { estimateUsage, type TokenCounter } from '@sluice/request-log';

/**
 * Settlement counts with the linear estimate admission reserved by (docs/limits-and-input.md), never a tokenizer: a
 * provider that reports no usage is settled on an over-estimate, while the request log keeps the tokenizer's count.
 */
const LINEAR_COUNTER: TokenCounter = {
  text: (text) => estimateTextTokens(text),
  chat: (messages) =>
    messages.reduce(
      (total, message) => total + 3 + estimateTextTokens(message.role) + estimateTextTokens(message.content),
      3,
    ),
};

/**
 * The event's usage, or (when the provider reported none) estimated from the logged bodies in linear time: the
 * event's own, or `bodiesText` (parsed only then).
 */
export async function settlementUsage(
  event: CompletionEvent,
  bodiesText?: EventBodiesText,
): Promise<{ prompt_tokens: number; completion_tokens: number }> {
  const reported = { prompt_tokens: event.prompt_tokens, completion_tokens: event.completion_tokens };
  if (event.status !== 'success' || reported.prompt_tokens + reported.completion_tokens > 0) return reported;
  const withBodies = withParsedBodies(event, bodiesText);
  if (withBodies.request_body === undefined) return reported;
  return (await estimateUsage(withBodies, LINEAR_COUNTER)) ?? reported;
}
