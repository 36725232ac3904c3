import type { ProviderCallContext, UpstreamRequest } from '../provider-adapter';
import { geminiHeaders } from './gemini-adapter';
import { geminiMethodUrl } from './gemini-model-path';

/** A `POST /v1beta/models/{model}:{method}` call as the client made it, for a Gemini account (docs/gemini-api.md). */
export interface GeminiForwardedCall {
  /** The body's JSON text, sent as it is. */
  body: string;
  /** `generateContent`, `streamGenerateContent`, `embedContent`, `batchEmbedContents` or `countTokens`. */
  method: string;
}

/**
 * The upstream request for a forwarded call: the account's URL for the target's model and the client's method, the
 * account's key and headers, and the body bytes unchanged. A stream always asks for SSE (`?alt=sse`); the client's
 * own query string is not passed on (it may hold its `?key=`, a Sluice virtual key).
 */
export function toGeminiForwardRequest(call: GeminiForwardedCall, context: ProviderCallContext): UpstreamRequest {
  const url = geminiMethodUrl(context.account, context.model, call.method);
  return {
    method: 'POST',
    url: call.method === 'streamGenerateContent' ? `${url}?alt=sse` : url,
    headers: geminiHeaders(context),
    body: call.body,
  };
}
