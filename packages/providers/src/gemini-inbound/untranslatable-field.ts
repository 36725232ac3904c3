import type { InvalidRequestError } from '@sluice/errors';
import { unsupportedValue } from '../reject-unsupported-parameters';

/** Who cannot carry a field, starting each refusal's message. */
const TRANSLATION_SUBJECT = 'Translation of a Gemini request to a non-Gemini provider';

/**
 * A 400 naming a field the translation cannot carry, in its message too (Gemini's error shape has no `param`), and
 * why: `reason` when a value of the field could be carried, else the advice to send it to a Gemini account.
 */
export function untranslatable(path: string, reason = 'send it to a Gemini account'): InvalidRequestError {
  return unsupportedValue(path, `${TRANSLATION_SUBJECT} cannot carry \`${path}\`: ${reason}.`);
}

/**
 * A 400 naming the first field of `object` (its path from `at`) that the translation does not carry: anything not in
 * `known`, unless absent or null.
 */
export function refuseUnknownFields(object: Record<string, unknown>, known: ReadonlySet<string>, at: string): void {
  for (const [name, value] of Object.entries(object)) {
    if (value === undefined || value === null || known.has(name)) continue;
    throw untranslatable(at === '' ? name : `${at}.${name}`);
  }
}
