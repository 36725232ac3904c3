import type { NativeCall } from '@sluice/queues';
import { canonicalHash } from './canonical-json';

/**
 * Top-level fields of a forwarded body that never change the answer: who asked (Anthropic's `metadata.user_id`,
 * which Claude Code fills with its session). Everything else — `stream` included, since a streamed answer is stored
 * as the events the provider sent and a plain one as its JSON body — is part of the key.
 */
const OUTPUT_NEUTRAL_FIELDS: Record<AsSentCall['dialect'], ReadonlySet<string>> = {
  anthropic: new Set(['metadata']),
  gemini: new Set(),
  // A response object echoes metadata, user, store and the rest of the request: every field is part of the answer.
  responses: new Set(),
};

/**
 * A request the cache keys and stores as it came: forwarded in a provider's dialect (a NativeCall), or a Responses
 * request routed to an account with `responses: native` (`responses`: its body as that account receives it).
 */
export type AsSentCall = Pick<NativeCall, 'method' | 'body' | 'headers' | 'query' | 'loggedAsSent'> & {
  dialect: NativeCall['dialect'] | 'responses';
};

/** A Responses request as the cache keys it (the log of a hit keeps the body alone, as for a native answer). */
export function nativeResponsesCall(body: Record<string, unknown>): AsSentCall {
  return { dialect: 'responses', body: JSON.stringify(body), headers: {}, query: '', loggedAsSent: true };
}

/** Who a cached answer of a request forwarded as it came belongs to, and that request. */
export interface NativeCacheSubject {
  /** The cache's config identity, as for chat entries (`cacheConfigId`). */
  configId: string;
  tenant: string;
  /** The model the client asked for (Gemini names it in the path, not the body). */
  model: string;
  call: Omit<AsSentCall, 'loggedAsSent'>;
}

/**
 * The exact-cache entry key of a request forwarded in its own dialect (docs/anthropic-messages.md, docs/gemini-api.md,
 * docs/responses-api.md):
 * a SHA-256 over the dialect, the requested model, the method, the query, the provider headers (`anthropic-beta`,
 * `anthropic-version`) and the body's canonical JSON (key order and whitespace aside), per config and tenant. It never
 * equals a chat entry's key.
 */
export function nativeEntryKey(subject: NativeCacheSubject): string {
  const { call } = subject;
  return canonicalHash({
    v: 1,
    native: call.dialect,
    config: subject.configId,
    tenant: subject.tenant,
    model: subject.model,
    method: call.method ?? '',
    query: call.query,
    headers: call.headers,
    body: answerRelevantBody(call.dialect, JSON.parse(call.body) as unknown),
  });
}

function answerRelevantBody(dialect: AsSentCall['dialect'], body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const neutral = OUTPUT_NEUTRAL_FIELDS[dialect];
  return Object.fromEntries(Object.entries(body).filter(([field]) => !neutral.has(field)));
}
