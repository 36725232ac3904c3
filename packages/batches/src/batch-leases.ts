import type { SqlDatabase } from '@sluice/database';
import type { BatchError, BatchRow, BatchStatus } from './batch-object';

/** The batch statuses a runner ends a batch in, and the column that records when. */
const FINISHED_AT = {
  completed: 'completed_at',
  cancelled: 'cancelled_at',
  expired: 'expired_at',
  failed: 'failed_at',
} as const;
export type FinishedStatus = keyof typeof FINISHED_AT;

/**
 * The runner side of batches. A runner works on a batch only while it holds its lease (renewed as it works); a
 * runner that dies loses it when it lapses, and another picks the batch up where its recorded progress left it.
 * Every write is guarded by the lease, so two runners never advance one batch.
 */
export class BatchLeases {
  constructor(
    private readonly database: SqlDatabase,
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  /** Takes the lease of the oldest active batch nobody holds, other than those listed. */
  async claim(holding: readonly string[]): Promise<BatchRow | undefined> {
    const { rows } = await this.database.query<BatchRow>(
      `UPDATE batches SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond'
       WHERE id = (
         SELECT id FROM batches
         WHERE status IN ('validating', 'in_progress', 'finalizing', 'cancelling')
           AND (lease_until IS NULL OR lease_until < now()) AND NOT (id = ANY($3::text[]))
         ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [this.owner, this.leaseMs, [...holding]],
    );
    return rows[0];
  }

  /** Extends the lease; false when it was lost (lapsed and taken by another runner). */
  async renew(id: string): Promise<boolean> {
    const { rows } = await this.database.query(
      `UPDATE batches SET lease_until = now() + $3 * interval '1 millisecond' WHERE id = $1 AND lease_owner = $2 RETURNING id`,
      [id, this.owner, this.leaseMs],
    );
    return rows.length > 0;
  }

  /** True when this runner holds the row's lease. */
  owns(row: BatchRow): boolean {
    return row.lease_owner === this.owner;
  }

  async release(id: string): Promise<void> {
    await this.database.query(
      'UPDATE batches SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2',
      [id, this.owner],
    );
  }

  async read(id: string): Promise<BatchRow | undefined> {
    const { rows } = await this.database.query<BatchRow>('SELECT * FROM batches WHERE id = $1', [id]);
    return rows[0];
  }

  /** validating → in_progress, with the number of lines found; the invalid ones count as handed off already. */
  startProcessing(id: string, total: number, invalid: number): Promise<BatchRow | undefined> {
    return this.update(
      id,
      `status = 'in_progress', in_progress_at = now(), total = $3, enqueued = $4`,
      [total, invalid],
      ['validating'],
    );
  }

  /** Records that every line before `nextLine` is handed off (queued, or written as an error): `enqueued` in all. */
  recordEnqueued(id: string, nextLine: number, enqueued: number): Promise<BatchRow | undefined> {
    return this.update(id, 'next_line = $3, enqueued = $4', [nextLine, enqueued], ['in_progress']);
  }

  /** in_progress → finalizing (cancelling and expiring batches keep their status while their files are written). */
  beginFinalizing(id: string): Promise<BatchRow | undefined> {
    return this.update(id, `status = 'finalizing', finalizing_at = now()`, [], ['in_progress']);
  }

  /** Names the files being written, so a runner that takes over can remove a half-written pair. */
  recordFiles(id: string, outputFileId: string | null, errorFileId: string | null): Promise<BatchRow | undefined> {
    return this.update(
      id,
      'output_file_id = $3, error_file_id = $4',
      [outputFileId, errorFileId],
      ['finalizing', 'cancelling', 'in_progress'],
    );
  }

  /** Ends the batch, clearing the lease and the per-line results (they are in its files now). */
  async finish(id: string, status: FinishedStatus, errors: BatchError[] | null = null): Promise<BatchRow | undefined> {
    const row = await this.update(
      id,
      `status = $3, ${FINISHED_AT[status]} = now(), errors = COALESCE($4::jsonb, errors), lease_owner = NULL, lease_until = NULL`,
      [status, errors === null ? null : JSON.stringify(errors)],
      ['validating', 'in_progress', 'finalizing', 'cancelling'],
    );
    if (row) await this.database.query('DELETE FROM batch_results WHERE batch_id = $1', [id]);
    return row;
  }

  private async update(
    id: string,
    assignments: string,
    values: unknown[],
    from: BatchStatus[],
  ): Promise<BatchRow | undefined> {
    const { rows } = await this.database.query<BatchRow>(
      `UPDATE batches SET ${assignments} WHERE id = $1 AND lease_owner = $2 AND status = ANY($${values.length + 3}::text[]) RETURNING *`,
      [id, this.owner, ...values, from],
    );
    return rows[0];
  }
}
