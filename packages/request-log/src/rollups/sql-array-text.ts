/**
 * Array parameters as PostgreSQL array literals, built in one pass: node-postgres serialises a JS array element by
 * element (a type check and an escape per element), which for the rollups' ~20 arrays of ~1,000 values a batch was
 * a visible share of the import's Node time (BENCHMARKS.md, notes on the 2026-12-06 19:41–20:27 UTC runs).
 */

/** Text values (null as NULL), each quoted, `"` and `\` escaped. */
export function textArrayText(values: readonly (string | null)[]): string {
  let text = '{';
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (index > 0) text += ',';
    text += value === null || value === undefined ? 'NULL' : `"${escapeElement(value)}"`;
  }
  return `${text}}`;
}

/** Numbers (null as NULL), written as JavaScript prints them, which PostgreSQL reads back as the same double. */
export function floatArrayText(values: readonly (number | null)[]): string {
  let text = '{';
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (index > 0) text += ',';
    text += value === null || value === undefined ? 'NULL' : String(value);
  }
  return `${text}}`;
}

const NEEDS_ESCAPE = /["\\]/;

function escapeElement(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(/["\\]/g, '\\$&') : value;
}
