const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPED_NUL = /(?<!\\)((?:\\\\)*)\\u0000/g;

/**
 * Text PostgreSQL accepts: it rejects NUL characters in text and jsonb, and unpaired surrogates in jsonb. One bad
 * character must not make a whole batch fail on every redelivery, so they are dropped or replaced.
 */
export function cleanText(value: string): string {
  return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

export function cleanNullableText(value: string | null): string | null {
  return value === null ? null : cleanText(value);
}

/** A value as jsonb input text, cleaned as above; undefined (not logged) becomes SQL NULL. */
export function toJsonbText(value: unknown): string | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? cleanText(item) : item));
  if (text === undefined) return null;
  return text.replace(ESCAPED_NUL, '$1');
}
