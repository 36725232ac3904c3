/**
 * A rollup row's key as one string, ordered as the key's parts: text is stored cleaned, so it holds no NUL to
 * separate the parts with, and a null part is told from any text by having no `=` prefix.
 */
export function rollupKey(
  span: string,
  dimension: string,
  bucket: string,
  virtualKeyId: string | null,
  value: string | null,
): string {
  return `${span}\u0000${dimension}\u0000${bucket}\u0000${keyPart(virtualKeyId)}\u0000${keyPart(value)}`;
}

function keyPart(text: string | null): string {
  return text === null ? '' : `=${text}`;
}
