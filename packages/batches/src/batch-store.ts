import type { SqlDatabase } from '@sluice/database';
import { ConflictError, InvalidRequestError, NotFoundError } from '@sluice/errors';
import { type BatchObject, type BatchRow, newBatchId, toBatchObject } from './batch-object';
import type { BatchEndpoint } from './check-batch-line';

export interface NewBatch {
  owner: string;
  endpoint: BatchEndpoint;
  inputFileId: string;
  completionWindow: string;
  metadata: Record<string, string> | null;
  /** The x-sluice-* context of the request that created the batch; every line runs with it. */
  context: Record<string, unknown>;
  configHeader: string | undefined;
  idempotencyKey: string | undefined;
  windowMs: number;
}

/** The API side of batches: create, read, list and cancel. Runners advance them through BatchLeases. */
export class BatchStore {
  constructor(private readonly database: SqlDatabase) {}

  /** Creates a batch in `validating`; an idempotency key already used returns that batch instead. */
  async create(batch: NewBatch): Promise<{ batch: BatchObject; created: boolean }> {
    const { rows } = await this.database.query<BatchRow>(
      `INSERT INTO batches (id, status, endpoint, input_file_id, completion_window, metadata, context, config_header, idempotency_key, expires_at, owner)
       VALUES ($1, 'validating', $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, now() + $9 * interval '1 millisecond', $10)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
      [
        newBatchId(),
        batch.endpoint,
        batch.inputFileId,
        batch.completionWindow,
        batch.metadata === null ? null : JSON.stringify(batch.metadata),
        JSON.stringify(batch.context),
        batch.configHeader ?? null,
        batch.idempotencyKey === undefined ? null : `${batch.owner}:${batch.idempotencyKey}`,
        batch.windowMs,
        batch.owner,
      ],
    );
    if (rows[0]) return { batch: toBatchObject(rows[0]), created: true };
    const existing = await this.database.query<BatchRow>('SELECT * FROM batches WHERE idempotency_key = $1', [
      `${batch.owner}:${batch.idempotencyKey}`,
    ]);
    if (!existing.rows[0]) throw new Error('an idempotent batch insert found neither a new nor an existing row');
    return { batch: toBatchObject(existing.rows[0]), created: false };
  }

  /** The batch, if it exists and (with `owner`) belongs to that owner. */
  async get(id: string, owner?: string): Promise<BatchObject> {
    const { rows } = await this.database.query<BatchRow>(
      'SELECT * FROM batches WHERE id = $1 AND ($2::text IS NULL OR owner = $2)',
      [id, owner ?? null],
    );
    if (!rows[0]) throw new NotFoundError(`No batch found with id '${id}'.`, 'batch_not_found');
    return toBatchObject(rows[0]);
  }

  /** Newest first; `after` is the id of the last batch of the previous page. */
  async list(query: {
    owner: string | undefined;
    limit: number;
    after?: string | undefined;
  }): Promise<{ batches: BatchObject[]; hasMore: boolean }> {
    let cursor: Date | null = null;
    if (query.after !== undefined) {
      const found = await this.database.query<{ created_at: Date }>('SELECT created_at FROM batches WHERE id = $1', [
        query.after,
      ]);
      if (!found.rows[0]) throw new InvalidRequestError(`after: no batch "${query.after}"`, { param: 'after' });
      cursor = found.rows[0].created_at;
    }
    const { rows } = await this.database.query<BatchRow>(
      `SELECT * FROM batches WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2)) AND ($4::text IS NULL OR owner = $4)
       ORDER BY created_at DESC, id DESC LIMIT $3`,
      [cursor, query.after ?? null, query.limit + 1, query.owner ?? null],
    );
    return { batches: rows.slice(0, query.limit).map(toBatchObject), hasMore: rows.length > query.limit };
  }

  /**
   * Moves a validating or in-progress batch to `cancelling`; its runner stops enqueuing lines and finalizes it as
   * `cancelled` with the results it has. Cancelling again is harmless; a finished batch is a 409.
   */
  async cancel(id: string, owner?: string): Promise<BatchObject> {
    const { rows } = await this.database.query<BatchRow>(
      `UPDATE batches SET status = 'cancelling', cancelling_at = now()
       WHERE id = $1 AND status IN ('validating', 'in_progress') AND ($2::text IS NULL OR owner = $2) RETURNING *`,
      [id, owner ?? null],
    );
    if (rows[0]) return toBatchObject(rows[0]);
    const current = await this.get(id, owner);
    if (current.status === 'cancelling' || current.status === 'cancelled') return current;
    throw new ConflictError(
      `Batch ${id} is ${current.status}; only a validating or in-progress batch can be cancelled.`,
      'batch_not_cancellable',
    );
  }
}
