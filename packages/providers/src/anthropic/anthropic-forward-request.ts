import type { ProviderCallContext, UpstreamRequest } from '../provider-adapter';
import { anthropicHeaders, messagesUrl } from './anthropic-adapter';

/** A `/v1/messages` call as the client made it, to be forwarded to an Anthropic account (docs/anthropic-messages.md). */
export interface AnthropicForwardedCall {
  /** The body's JSON text, sent as it is. */
  body: string;
  /** The client's `anthropic-beta` / `anthropic-version` headers. */
  headers: Record<string, string>;
  /** The client's query string (`?beta=true`), or ''. */
  query: string;
}

/** Which Messages operation is forwarded: a message, or a token count. */
export type AnthropicForwardedOperation = 'messages' | 'count_tokens';

const FORWARDED_HEADERS = ['anthropic-beta', 'anthropic-version'] as const;

/**
 * The upstream request for a forwarded call: the account's URL, key and extra headers, the client's
 * `anthropic-version` (Sluice's default when it sent none) and `anthropic-beta`, and the body bytes unchanged.
 */
export function toAnthropicForwardRequest(
  call: AnthropicForwardedCall,
  context: ProviderCallContext,
  operation: AnthropicForwardedOperation,
): UpstreamRequest {
  const headers = anthropicHeaders(context);
  for (const name of FORWARDED_HEADERS) {
    const value = call.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const url = operation === 'messages' ? messagesUrl(context.account) : `${messagesUrl(context.account)}/count_tokens`;
  return { method: 'POST', url: `${url}${call.query}`, headers, body: call.body };
}
