import { parseJsonText } from './parse-json-text';

/** The request headers that carry JSON (SPEC §5): metadata always, the config when it is inline. */
const JSON_HEADERS = ['x-sluice-metadata', 'x-sluice-config'] as const;

/**
 * Holds the JSON headers of a model call or job submission to the body's rules (parseJsonText: bounded depth, no
 * NUL, no lone surrogate; 400 naming the header) before anything reads them; what they must contain is checked where
 * they are used. A config id is not JSON and passes.
 */
export function checkJsonHeaderValues(headers: Record<string, string | string[] | undefined>): void {
  for (const name of JSON_HEADERS) {
    const raw = headers[name];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value === undefined || value === '') continue;
    if (name === 'x-sluice-config' && !value.startsWith('{')) continue;
    parseJsonText(value, { subject: name, root: name });
  }
}
