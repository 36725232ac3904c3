import { anthropicErrorTypeForStatus } from '../anthropic/anthropic-error-types';
import type { AnthropicErrorBody } from '../anthropic/anthropic-wire-schemas';

/** Any failure as Anthropic's error body, typed by status (400 invalid_request_error … 529 overloaded_error). */
export function toAnthropicErrorBody(status: number, message: string): AnthropicErrorBody {
  return { type: 'error', error: { type: anthropicErrorTypeForStatus(status), message } };
}
