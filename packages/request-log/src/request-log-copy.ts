import { BODIES_TEXT, INCOMING_COLUMNS_SQL, REQUEST_LOG_COLUMNS } from './request-log-row';
import { textArrayText } from './rollups/sql-array-text';
import { cleanJsonText, cleanText } from './sql-text';
import { objectMembers, skipWhitespace } from './turns/json-byte-scan';
import { TURNS_OF_BODY } from './turns/split-turns';

const BODY_COLUMNS = ['request_body', 'response_body', 'translated_request_body'] as const;
const JSON_COLUMNS: ReadonlySet<string> = new Set(['attempts', 'properties', 'metadata', ...BODY_COLUMNS]);
/** The columns of the hashes of a body's turns stored apart (turns-apart.ts), bytea. */
const TURN_HASH_COLUMNS: ReadonlySet<string> = new Set(Object.values(TURNS_OF_BODY));
/** What request_log_bodies stores of a row: its bodies, and the hashes of their turns stored apart. */
const STORED_BODY_COLUMNS = [...BODY_COLUMNS, ...Object.values(TURNS_OF_BODY)] as const;

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

export const COPY_STAGING_SQL = `COPY request_log_staging (${[...REQUEST_LOG_COLUMNS, ...STORED_BODY_COLUMNS].join(', ')}) FROM STDIN`;

/** Rows straight into the log (routed to their day partitions), for a batch none of whose rows is logged yet. */
export const COPY_ROWS_SQL = `COPY request_logs (${REQUEST_LOG_COLUMNS.join(', ')}) FROM STDIN`;
export const COPY_BODIES_SQL = `COPY request_log_bodies (id, created_at, ${STORED_BODY_COLUMNS.join(', ')}) FROM STDIN`;

/**
 * How many of the keys (id, created_at) given the log already holds: one primary-key probe per key, in the key's own
 * day partition (the LATERAL subquery keeps it a probe; a join could hash a whole day's partition instead).
 */
export const COUNT_LOGGED_SQL = `
  SELECT count(*)::int AS logged
  FROM unnest($1::text[], $2::timestamptz[]) AS incoming(id, created_at),
    LATERAL (SELECT 1 FROM request_logs AS logged
             WHERE logged.id = incoming.id AND logged.created_at = incoming.created_at LIMIT 1) AS found`;

/**
 * Keys of a batch probed (COUNT_LOGGED_SQL) before it is copied straight into the log: a re-imported batch, every key
 * logged, is told by any of them; a batch only partly logged that the sample misses fails its COPY on the primary key
 * and is written again the usual way. Probing every key cost ~2.5 µs of PostgreSQL a record of a fresh import
 * (BENCHMARKS.md, 2026-12-07 04:27–06:10 UTC notes).
 */
const KEYS_PROBED = 64;

/** One row in COPY's text format: its REQUEST_LOG_COLUMNS values, and its bodies' (`\N` where absent). */
export interface CopyRow {
  /** The key (id, created_at) as stored, for COUNT_LOGGED_SQL and the ids inserted. */
  id: string;
  createdAt: string;
  values: string;
  bodies: string;
}

/**
 * Rows (as turnsApart gives them) in COPY's text format, values cleaned as rowsParameters cleans them. A row's bodies
 * come from their JSON bytes (BODIES_TEXT), each value's text as it is there: parsing them and writing each again
 * cost ~5 µs a record of an import's ~700 bytes of bodies.
 */
export function copyRows(rows: readonly Record<string | symbol, unknown>[]): CopyRow[] {
  return rows.map(copyRow);
}

/** One row (as turnsApart gives it) in COPY's text format (copyRows). */
export function copyRow(row: Record<string | symbol, unknown>): CopyRow {
  return {
    id: cleanText(String(row.id)),
    createdAt: String(row.created_at),
    values: REQUEST_LOG_COLUMNS.map((column) => copyValue(row[column], column)).join('\t'),
    bodies: bodiesCopyValues(row),
  };
}

/** A row's STORED_BODY_COLUMNS values, from its bodies' JSON bytes where it carries them, else from its own values. */
function bodiesCopyValues(row: Record<string | symbol, unknown>): string {
  const bytes = row[BODIES_TEXT];
  if (!Buffer.isBuffer(bytes)) return STORED_BODY_COLUMNS.map((column) => copyValue(row[column], column)).join('\t');
  const members = objectMembers(bytes, skipWhitespace(bytes, 0));
  if (members === undefined) throw new Error("a row's bodies are not a JSON object");
  const texts = new Map(members.map(({ key, value }) => [key, bytes.toString('utf8', value.start, value.end)]));
  return STORED_BODY_COLUMNS.map((column) => {
    const text = texts.get(column);
    if (text === undefined || text === 'null') return '\\N';
    if (!TURN_HASH_COLUMNS.has(column)) return copyEscaped(text);
    // The turns' hashes, a JSON string of hex, as bytea's hex input.
    return text.startsWith('"') ? `\\\\x${text.slice(1, -1)}` : '\\N';
  }).join('\t');
}

/** The text COPY_STAGING_SQL takes: each row's values and bodies on one line. */
export function stagingCopyText(rows: readonly CopyRow[]): string {
  let text = '';
  for (const row of rows) text += `${row.values}\t${row.bodies}\n`;
  return text;
}

/** The text COPY_ROWS_SQL takes. */
export function rowsCopyText(rows: readonly CopyRow[]): string {
  let text = '';
  for (const row of rows) text += `${row.values}\n`;
  return text;
}

const NO_BODIES = '\\N\t\\N\t';

/**
 * The text COPY_BODIES_SQL takes: the rows with a request or response body (translated_request_body alone is not
 * stored, as INSERT_STAGED_ROWS_SQL stores none), each keyed by its values' first two (id and created_at).
 */
export function bodiesCopyText(rows: readonly CopyRow[]): string {
  let text = '';
  for (const row of rows) {
    if (row.bodies.startsWith(NO_BODIES)) continue;
    const keyEnd = row.values.indexOf('\t', row.values.indexOf('\t') + 1);
    text += `${row.values.slice(0, keyEnd)}\t${row.bodies}\n`;
  }
  return text;
}

/** COUNT_LOGGED_SQL's parameters for at most KEYS_PROBED of the rows, spread evenly, the first included. */
export function sampledKeyParameters(rows: readonly CopyRow[]): [string, string] {
  const step = Math.ceil(rows.length / KEYS_PROBED);
  const sample = rows.filter((_, index) => index % step === 0);
  return [textArrayText(sample.map((row) => row.id)), textArrayText(sample.map((row) => row.createdAt))];
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
  return copyEscaped(json ? cleanJsonText(text) : cleanText(text));
}

/** Text with COPY's escapes for a backslash, newline, carriage return and tab. */
function copyEscaped(text: string): string {
  return text.replace(/[\\\n\r\t]/g, (character) => ESCAPES[character] ?? character);
}
