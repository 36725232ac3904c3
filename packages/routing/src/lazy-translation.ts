import { InvalidRequestError } from '@sluice/errors';
import type { CanonicalTranslation } from './forwarding-plan';

/**
 * A request's canonical (OpenAI-format) translation, made once and only if a plan's target needs it; a translation
 * that refuses (400) is kept as that refusal, raised only then (docs/anthropic-messages.md, docs/gemini-api.md).
 */
export function lazyTranslation(
  translate: () => Omit<Extract<CanonicalTranslation, { ok: true }>, 'ok'>,
): () => CanonicalTranslation {
  let translation: CanonicalTranslation | undefined;
  return () => {
    translation ??= attempt(translate);
    return translation;
  };
}

function attempt(translate: () => Omit<Extract<CanonicalTranslation, { ok: true }>, 'ok'>): CanonicalTranslation {
  try {
    return { ok: true, ...translate() };
  } catch (error) {
    if (error instanceof InvalidRequestError) return { ok: false, error };
    throw error;
  }
}
