import { isUtf8 } from 'node:buffer';
import { BODIES_TEXT } from './request-log-row';
import { cleanJsonText } from './sql-text';

/**
 * The most bytes of rows and bodies one INSERT_ROWS_SQL statement takes. PGlite grows its WebAssembly memory to hold
 * a statement's parameters several times over (the message, the text, the decoded rows) and never gives it back: the
 * logger's 500-row batches of 45 KB conversations (22 MB each) grew it from 128 to 266 MiB; in statements of 2 MB it
 * stays at 128 MiB, of which ~20 MB more is touched than at idle (BENCHMARKS.md, 2026-12-06 19:41–21:15).
 */
export const MAX_ROWS_PARAMETER_CHARS = 2_000_000;

/** One INSERT_ROWS_SQL statement's parameters: the rows' JSON array, and their bodies' jsonb array (binary format). */
export type RowsParameters = [rows: string, bodies: Buffer];

/** jsonb's binary format: a version byte, then the JSON text. */
const JSONB_VERSION_1 = Buffer.from([1]);
const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');
const BODY_COLUMNS = ['request_body', 'response_body', 'translated_request_body'] as const;

/**
 * Rows (as rowObject gives them) as INSERT_ROWS_SQL parameters of at most `maxBytes` each, rows and bodies together —
 * a larger row goes alone — cleaned for PostgreSQL. A row's bodies travel as the bytes they came as (BODIES_TEXT),
 * never decoded into a string on the way.
 */
export function rowsParameters(
  rows: readonly Record<string | symbol, unknown>[],
  maxBytes = MAX_ROWS_PARAMETER_CHARS,
): RowsParameters[] {
  const parameters: RowsParameters[] = [];
  let pendingRows: string[] = [];
  let pendingBodies: Buffer[] = [];
  let pendingBytes = 0;
  for (const row of rows) {
    const bodies = bodiesBytes(row);
    const bodiesLength = bodies?.length ?? 0;
    let text = rowText(row, bodies, pendingBodies.length);
    if (pendingRows.length > 0 && pendingBytes + text.length + bodiesLength > maxBytes) {
      parameters.push(rowsParameter(pendingRows, pendingBodies));
      pendingRows = [];
      pendingBodies = [];
      pendingBytes = 0;
      text = rowText(row, bodies, 0);
    }
    pendingRows.push(text);
    if (bodies !== undefined) pendingBodies.push(bodies);
    pendingBytes += text.length + bodiesLength + 1;
  }
  if (pendingRows.length > 0) parameters.push(rowsParameter(pendingRows, pendingBodies));
  return parameters;
}

/**
 * One parameter of rows: their texts as a JSON array, their bodies as one jsonb array. A function of the module, not a
 * closure of rowsParameters: V8 drops a function literal's optimised code once no closure of it is alive, and the
 * logger compiled that closure again batch after batch (BENCHMARKS.md, 2026-12-07 20:16–20:58 UTC notes).
 */
function rowsParameter(texts: readonly string[], bodies: readonly Buffer[]): RowsParameters {
  const parts: Buffer[] = [JSONB_VERSION_1, OPEN];
  for (const body of bodies) {
    if (parts.length > 2) parts.push(COMMA);
    parts.push(body);
  }
  parts.push(CLOSE);
  return [`[${texts.join(',')}]`, Buffer.concat(parts)];
}

/**
 * A row's columns as JSON, cleaned, its bodies left out and `bodies_at` naming their place (from 1) in the bodies
 * array after the `bodiesBefore` already in it. A row whose bodies travel as bytes (BODIES_TEXT, the logger's) is
 * serialised as it is (JSON.stringify leaves out its undefined body columns and its symbol), `bodies_at` appended:
 * copying its columns into an object without them cost ~2.5× the serialisation.
 */
function rowText(row: Record<string | symbol, unknown>, bodies: Buffer | undefined, bodiesBefore: number): string {
  const bodiesAt = bodies === undefined ? null : bodiesBefore + 1;
  if (BODY_COLUMNS.some((column) => row[column] !== undefined)) {
    const { request_body: _request, response_body: _response, translated_request_body: _translated, ...columns } = row;
    return cleanJsonText(JSON.stringify({ ...columns, bodies_at: bodiesAt }));
  }
  const text = JSON.stringify(row);
  return cleanJsonText(`${text.slice(0, -1)}${text === '{}' ? '' : ','}"bodies_at":${bodiesAt}}`);
}

/**
 * A row's bodies as the UTF-8 JSON text of `{request_body, response_body, translated_request_body}`, cleaned as
 * cleanJsonText cleans text (bytes that are not UTF-8 are decoded with replacement characters first); undefined when
 * it has none.
 */
export function bodiesBytes(row: Record<string | symbol, unknown>): Buffer | undefined {
  const carried = row[BODIES_TEXT];
  if (typeof carried === 'string') return cleanJsonBytes(Buffer.from(carried, 'utf8'));
  if (carried instanceof Uint8Array)
    return cleanJsonBytes(Buffer.from(carried.buffer, carried.byteOffset, carried.length));
  if (BODY_COLUMNS.every((column) => row[column] === undefined)) return undefined;
  const bodies = Object.fromEntries(BODY_COLUMNS.map((column) => [column, row[column]]));
  return cleanJsonBytes(Buffer.from(JSON.stringify(bodies), 'utf8'));
}

function cleanJsonBytes(bytes: Buffer): Buffer {
  if (isUtf8(bytes) && !bytes.includes('\\u')) return bytes;
  return Buffer.from(cleanJsonText(bytes.toString('utf8')), 'utf8');
}
