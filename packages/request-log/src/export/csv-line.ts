/**
 * One CSV line (RFC 4180): a field holding a comma, a quote, a line break or leading/trailing spaces is quoted,
 * its quotes doubled. null and undefined are empty; objects and arrays are their JSON text.
 */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is kept as text by a leading `'`. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const raw = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const text = typeof value === 'string' && FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
