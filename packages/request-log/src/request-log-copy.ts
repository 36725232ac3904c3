import { INCOMING_COLUMNS_SQL, REQUEST_LOG_COLUMNS } from './request-log-row';
import { cleanJsonText, cleanText } from './sql-text';

const COPIED_COLUMNS = [...REQUEST_LOG_COLUMNS, 'request_body', 'response_body', 'translated_request_body'] as const;
const JSON_COLUMNS: ReadonlySet<string> = new Set([
  'attempts',
  'properties',
  'metadata',
  'request_body',
  'response_body',
  'translated_request_body',
]);

/**
 * Where a batch is copied before it is inserted (INSERT_STAGED_ROWS_SQL): a temporary table of the connection,
 * emptied at each commit and created by the first batch a connection writes — creating and dropping it in every
 * transaction cost ~1 µs of PostgreSQL a record and two catalogue rows per column each time. COPY parses each value
 * once, where json_to_recordset parses a batch's JSON and then each jsonb value again — about a third of
 * PostgreSQL's work per row (BENCHMARKS.md, 2026-12-06 14:xx). One script: the notice that the table exists is not
 * sent.
 */
export const CREATE_STAGING_SQL = `SET LOCAL client_min_messages = warning;
  CREATE TEMPORARY TABLE IF NOT EXISTS request_log_staging (${INCOMING_COLUMNS_SQL}) ON COMMIT DELETE ROWS`;

export const COPY_STAGING_SQL = `COPY request_log_staging (${COPIED_COLUMNS.join(', ')}) FROM STDIN`;

/** Rows (as rowObject gives them) in COPY's text format, one line each, values cleaned as rowsParameters cleans them. */
export function copyText(rows: readonly Record<string, unknown>[]): string {
  const lines: string[] = [];
  for (const row of rows) lines.push(COPIED_COLUMNS.map((column) => copyValue(row[column], column)).join('\t'));
  return `${lines.join('\n')}\n`;
}

/** What a value may hold that COPY must escape or PostgreSQL refuses (NUL, lone surrogates): rare, so tested first. */
const SPECIAL = /[\\\n\r\t\uD800-\uDFFF]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function copyValue(value: unknown, column: string): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  const json = JSON_COLUMNS.has(column);
  const text = json ? JSON.stringify(value) : String(value);
  if (!SPECIAL.test(text) && !text.includes('\u0000')) return text;
  const clean = json ? cleanJsonText(text) : cleanText(text);
  return clean.replace(/[\\\n\r\t]/g, (character) => ESCAPES[character] ?? character);
}
