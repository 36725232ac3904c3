import type { CompletionEvent } from '@sluice/queues';

/** One request as the log stores it: the completion event plus what the logger computed. */
export interface RequestLogRecord
  extends Omit<CompletionEvent, 'request_body' | 'response_body' | 'translated_request_body'> {
  cost_usd: number;
  saved_usd: number;
  /** False when the model had no price, so cost_usd and saved_usd are 0 for want of a price. */
  priced: boolean;
  /** True when the provider gave no usage and the token counts were counted from the bodies. */
  usage_estimated: boolean;
  /** Present in `get`, absent in `list`; null when the request asked to omit bodies. */
  request_body?: unknown;
  response_body?: unknown;
  /** Present in `get` when the request was translated for its upstream: the translated body (docs/request-log.md). */
  translated_request_body?: unknown;
}
