import type { SqlDatabase } from '@sluice/database';
import type { BatchStatus } from './batch-object';
import type { BatchLineResult } from './batch-result-stream';

/**
 * Stores line results and advances the batch's counts in one statement: a line already stored (a redelivered
 * result, a line rerun after a crash) is neither stored nor counted twice, and a batch no longer accepting results
 * (cancelled, finalized) ignores late ones.
 */
const STORE_RESULTS = `
WITH results AS (
  SELECT * FROM unnest($2::int[], $3::bool[], $4::text[], $5::bigint[], $6::bigint[])
    AS result(line, ok, output, input_tokens, output_tokens)
), inserted AS (
  INSERT INTO batch_results (batch_id, line, ok, output)
  SELECT $1, line, ok, output FROM results
  WHERE EXISTS (SELECT 1 FROM batches WHERE id = $1 AND status = ANY($7::text[]))
  ON CONFLICT DO NOTHING
  RETURNING line, ok
)
UPDATE batches SET
  completed = completed + (SELECT count(*) FROM inserted WHERE ok),
  failed = failed + (SELECT count(*) FROM inserted WHERE NOT ok),
  input_tokens = input_tokens + (SELECT COALESCE(sum(results.input_tokens), 0) FROM inserted JOIN results USING (line)),
  output_tokens = output_tokens + (SELECT COALESCE(sum(results.output_tokens), 0) FROM inserted JOIN results USING (line))
WHERE id = $1
`;

export type ResultRow = Omit<BatchLineResult, 'batchId'>;

/** Per-line results of running batches, until they are written to the batch's files. */
export class BatchResults {
  constructor(private readonly database: SqlDatabase) {}

  /** Stores results of one or more batches, accepted only while each batch is in one of `accepting`. */
  async store(results: readonly BatchLineResult[], accepting: readonly BatchStatus[] = ['in_progress']): Promise<void> {
    const byBatch = new Map<string, Map<number, ResultRow>>();
    for (const { batchId, ...row } of results) {
      const rows = byBatch.get(batchId) ?? new Map<number, ResultRow>();
      rows.set(row.line, row);
      byBatch.set(batchId, rows);
    }
    for (const [batchId, rows] of byBatch) await this.storeRows(batchId, [...rows.values()], accepting);
  }

  /** The lines of a batch, from `fromLine` on, that already have a stored result. */
  async settledLines(batchId: string, fromLine: number): Promise<number[]> {
    const { rows } = await this.database.query<{ line: number }>(
      'SELECT line FROM batch_results WHERE batch_id = $1 AND line >= $2',
      [batchId, fromLine],
    );
    return rows.map((row) => row.line);
  }

  /** A batch's stored results in line order, a page at a time (keyset pagination). */
  async *results(batchId: string, pageSize = 1_000): AsyncGenerator<{ line: number; ok: boolean; output: string }> {
    let after = -1;
    for (;;) {
      const { rows } = await this.database.query<{ line: number; ok: boolean; output: string }>(
        'SELECT line, ok, output FROM batch_results WHERE batch_id = $1 AND line > $2 ORDER BY line LIMIT $3',
        [batchId, after, pageSize],
      );
      yield* rows;
      const last = rows[rows.length - 1];
      if (!last || rows.length < pageSize) return;
      after = last.line;
    }
  }

  private async storeRows(batchId: string, rows: ResultRow[], accepting: readonly BatchStatus[]): Promise<void> {
    await this.database.query(STORE_RESULTS, [
      batchId,
      rows.map((row) => row.line),
      rows.map((row) => row.ok),
      rows.map((row) => row.output),
      rows.map((row) => row.inputTokens),
      rows.map((row) => row.outputTokens),
      [...accepting],
    ]);
  }
}
