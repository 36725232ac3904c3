import { zodProblems } from '@sluice/errors';
import type { RequestLogWriter } from '../request-log-writer';
import { idOfRequest, type RequestToStore } from '../requests-to-store';
import { BoundedWrites } from './bounded-writes';
import { type LogImportRecord, LogImportRecordSchema } from './log-import-record';
import { ndjsonLines } from './ndjson-lines';
import { readPlainImportRecord } from './read-plain-import-record';

export interface LineError {
  line: number;
  message: string;
}

export interface LogImportResult {
  /** Non-blank lines read. */
  lines: number;
  /** Records written now. */
  inserted: number;
  /** Records whose id (and created_at) the log already had, or repeated within the file. */
  duplicates: number;
  /** Lines that were not written, each with its reason. */
  failed: number;
  /** The first `maxReportedErrors` failed lines. */
  errors: LineError[];
}

export interface ImportLogRecordsOptions {
  source: AsyncIterable<Uint8Array | string>;
  writer: RequestLogWriter;
  /** Longest line accepted. */
  maxLineBytes: number;
  /** Records per write (default the writer's most per transaction: the fewest rollup increments a record). */
  batchSize?: number;
  /**
   * Batches written at once, each in its own transaction (default 3), so PostgreSQL inserts one batch while the
   * next is read and validated and another's transaction commits: on 2 cores 3 imported 2M records 9–11 % faster than
   * 2, and 4 no faster than 3 (BENCHMARKS.md, 2026-12-07 12:09–12:28 notes).
   */
  concurrentWrites?: number;
  maxReportedErrors?: number;
  /** Called after each batch is written, with the running totals. */
  onProgress?: (result: LogImportResult) => void;
}

/** Lines validated between two turns of the event loop (about a millisecond of work). */
const LINES_BETWEEN_IO = 50;

interface NumberedRequest {
  line: number;
  request: RequestToStore;
}

/**
 * Imports NDJSON log records (docs/request-log.md) as they stream in: each line is validated, batches are written
 * through the writer — idempotent by id, rollups included — while the next batch is read, so at most
 * `concurrentWrites` + 1 batches are in memory. A bad line is reported with its number and skipped; a database
 * failure ends the import.
 */
export async function importLogRecords(options: ImportLogRecordsOptions): Promise<LogImportResult> {
  const batchSize = options.batchSize ?? options.writer.rowsPerTransaction;
  const maxErrors = options.maxReportedErrors ?? 100;
  const result: LogImportResult = { lines: 0, inserted: 0, duplicates: 0, failed: 0, errors: [] };
  const fail = (line: number, message: string) => {
    result.failed += 1;
    if (result.errors.length < maxErrors) result.errors.push({ line, message });
  };
  const writes = new BoundedWrites(options.concurrentWrites ?? 3, async (pending: NumberedRequest[]) => {
    const written = await options.writer.storeRequests(
      pending.map((entry) => entry.request),
      { deferDurability: true, expectNew: true },
    );
    result.inserted += written.inserted;
    result.duplicates += written.duplicates;
    if (written.rejected.length > 0) {
      const lineOf = new Map(pending.map((entry) => [idOfRequest(entry.request), entry.line]));
      for (const rejected of written.rejected) fail(lineOf.get(rejected.id) ?? 0, rejected.reason);
    }
    options.onProgress?.(result);
  });
  let batch: NumberedRequest[] = [];
  try {
    for await (const line of ndjsonLines(options.source, options.maxLineBytes)) {
      result.lines += 1;
      // Lines of a chunk already read come through promises alone, which would hold back the database's answers
      // (I/O) for the whole chunk — a megabyte of lines, tens of milliseconds — while its transactions wait on them.
      if (result.lines % LINES_BETWEEN_IO === 0) await new Promise((resolve) => setImmediate(resolve));
      if (line.tooLong) {
        fail(line.number, `longer than ${options.maxLineBytes} bytes`);
        continue;
      }
      const parsed = parseLine(line.text);
      if (typeof parsed === 'string') {
        fail(line.number, parsed);
        continue;
      }
      // A record with its cost needs no pricing: no promise per line for it.
      const computed = recordedCost(parsed);
      const request = computed === undefined ? await options.writer.requestFrom(parsed) : { event: parsed, computed };
      // Prepared now, the parsed record is garbage before the next scavenge rather than promoted with its batch.
      batch.push({ line: line.number, request: options.writer.prepareRequest(request) });
      if (batch.length >= batchSize) {
        await writes.start(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await writes.start(batch);
  } finally {
    // A failed read or write ends the import, but only once every write already started has finished.
    await writes.finished();
  }
  await writes.settle(0);
  // The batches committed without waiting for their WAL flush; one durable commit covers them all.
  await options.writer.flush();
  return result;
}

function parseLine(text: string): LogImportRecord | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  const plain = readPlainImportRecord(json);
  if (plain !== undefined) return plain;
  const parsed = LogImportRecordSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  return zodProblems(parsed.error.issues)
    .map((problem) => `${problem.path || '(record)'}: ${problem.message}`)
    .join('; ');
}

function recordedCost(record: LogImportRecord) {
  if (record.cost_usd === undefined) return undefined;
  return {
    prompt_tokens: record.prompt_tokens,
    completion_tokens: record.completion_tokens,
    usage_estimated: record.usage_estimated,
    cost_usd: record.cost_usd,
    saved_usd: record.saved_usd ?? 0,
    priced: record.priced ?? true,
  };
}
