import { unsupportedValue } from '../reject-unsupported-parameters';

/** Who cannot carry a field, starting each refusal's message. */
export const TRANSLATION_SUBJECT = 'Translation of a Gemini request to a non-Gemini provider';

/**
 * A 400 naming the first field of `object` (its path from `at`) that the translation does not carry: anything not in
 * `known`, unless absent or null.
 */
export function refuseUnknownFields(object: Record<string, unknown>, known: ReadonlySet<string>, at: string): void {
  for (const [name, value] of Object.entries(object)) {
    if (value === undefined || value === null || known.has(name)) continue;
    const path = at === '' ? name : `${at}.${name}`;
    throw unsupportedValue(path, `${TRANSLATION_SUBJECT} cannot carry \`${path}\`; send it to a Gemini account.`);
  }
}
