import { type CompletionEvent, type CompletionEventInput, CompletionEventSchema } from '@sluice/queues';
import { MIN_TURNS_BYTES_APART } from '@sluice/request-log';

let sequence = 0;

/** A valid completion event: a successful gpt-4o-mini chat request, with the given fields replaced. */
export function makeCompletionEvent(overrides: Partial<CompletionEventInput> = {}): CompletionEvent {
  sequence += 1;
  return CompletionEventSchema.parse({
    id: `req_${sequence.toString().padStart(8, '0')}_${Math.random().toString(36).slice(2, 8)}`,
    created_at: new Date().toISOString(),
    mode: 'sync',
    endpoint: 'chat',
    requested_model: 'gpt-4o-mini',
    served_model: 'gpt-4o-mini-2024-07-18',
    provider: 'openai',
    status: 'success',
    http_status: 200,
    attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 200, latency_ms: 120 }],
    prompt_tokens: 100,
    completion_tokens: 20,
    latency_ms: 150,
    ...overrides,
  });
}

/** `text` repeated to MIN_TURNS_BYTES_APART characters: earlier turns holding it are stored apart (docs/request-log.md). */
export function storedApart(text: string): string {
  return text.padEnd(MIN_TURNS_BYTES_APART, ` ${text}`);
}
