import { cacheRelevantRequest } from './cache-relevant-request';
import { canonicalHash } from './canonical-json';
import type { CacheSubject } from './exact-cache-key';
import { lastUserMessageIndex, lastUserText } from './last-user-text';

/** Where the embedded question sat in the conversation; everything else is matched exactly. */
const SLOT = '\u0000semantic-slot';

/** The text a semantic lookup embeds, and the exact-match scope it may only match within. */
export interface SemanticSubject {
  text: string;
  scope: string;
}

/**
 * Splits a request for the semantic cache: the last user message's text is compared by meaning;
 * the rest is the scope, matched exactly: config, tenant, model, a hash of the parameters and a
 * hash of every other message (system prompt, earlier turns, anything after the question, and the
 * question's non-text parts such as images). Undefined when the request has no user text.
 */
export function semanticSubject(subject: CacheSubject): SemanticSubject | undefined {
  const text = lastUserText(subject.request.messages);
  if (text === undefined) return undefined;
  const { messages, model, ...params } = cacheRelevantRequest(subject.request);
  const slot = lastUserMessageIndex(subject.request.messages);
  const context = (messages as Array<Record<string, unknown>>).map((message, index) =>
    index === slot ? { ...message, content: withoutText(message.content) } : message,
  );
  const scope = canonicalHash({
    v: 1,
    config: subject.configId,
    tenant: subject.tenant,
    model,
    params: canonicalHash(params),
    context: canonicalHash(context),
  });
  return { text, scope };
}

/** The scope alone (see semanticSubject). */
export function semanticScope(subject: CacheSubject): string | undefined {
  return semanticSubject(subject)?.scope;
}

function withoutText(content: unknown): unknown {
  if (!Array.isArray(content)) return SLOT;
  const others = content.filter((part) => (part as { type?: unknown }).type !== 'text');
  return [SLOT, ...others];
}
