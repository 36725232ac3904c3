import type { SqlDatabase } from '@sluice/database';
import type { InputItem, OutputItem, ResponseObject, ToolName } from '@sluice/providers';

/** A background response's async job, and what its chat answer needs to become the response. */
export interface BackgroundRun {
  jobId: string;
  /** Flattened function names → the client's names and namespaces. */
  toolNames: [string, ToolName][];
}

/** One stored response: its input items (with ids) and the response object. */
export interface StoredResponse {
  id: string;
  owner: string;
  previousResponseId: string | undefined;
  inputItems: InputItem[];
  response: ResponseObject;
  background?: BackgroundRun | undefined;
}

interface ResponseRow {
  id: string;
  owner: string;
  previous_response_id: string | null;
  input_items: unknown;
  response: unknown;
  background: unknown;
}

/** How many earlier responses `previous_response_id` may chain through. */
const MAX_CHAIN = 1_000;

/**
 * Stored responses in PostgreSQL or PGlite. `scope` is the owner a reader may see (its virtual key id), or undefined
 * for everyone's (the admin, an open gateway). See docs/responses-api.md.
 */
export class ResponseStore {
  constructor(private readonly database: SqlDatabase) {}

  /**
   * Writes a response, or replaces the one with its id (a background response moving on from `queued`);
   * `responseJson`: the response's JSON text, when the caller has serialised it already.
   */
  async save(record: StoredResponse, responseJson?: string): Promise<void> {
    const items = [...record.inputItems, ...record.response.output.map(asInputItem)].filter(
      (item): item is InputItem & { id: string } => typeof item.id === 'string' && item.id !== '',
    );
    await this.database.transaction(async (transaction) => {
      await transaction.query(
        `INSERT INTO responses (id, owner, previous_response_id, input_items, response, background)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET response = EXCLUDED.response, updated_at = now()`,
        [
          record.id,
          record.owner,
          record.previousResponseId ?? null,
          JSON.stringify(record.inputItems),
          responseJson ?? JSON.stringify(record.response),
          record.background ? JSON.stringify(record.background) : null,
        ],
      );
      if (items.length === 0) return;
      await transaction.query(
        `INSERT INTO response_items (id, response_id, owner, item)
         SELECT item->>'id', $1, $2, item FROM jsonb_array_elements($3::jsonb) AS item
         ON CONFLICT (id, response_id) DO UPDATE SET item = EXCLUDED.item`,
        [record.id, record.owner, JSON.stringify(items)],
      );
    });
  }

  /** Stored input and output items by id, as `item_reference` inputs name them; the latest copy of each. */
  async items(ids: readonly string[], scope: string | undefined): Promise<Map<string, InputItem>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.database.query<{ id: string; item: unknown }>(
      `SELECT id, item FROM response_items WHERE id = ANY($1::text[]) AND ($2::text IS NULL OR owner = $2)`,
      [ids, scope ?? null],
    );
    return new Map(rows.map((row) => [row.id, asJson(row.item) as InputItem]));
  }

  async get(id: string, scope: string | undefined): Promise<StoredResponse | undefined> {
    const { rows } = await this.database.query<ResponseRow>(
      'SELECT id, owner, previous_response_id, input_items, response, background FROM responses WHERE id = $1',
      [id],
    );
    const row = rows[0];
    if (!row || (scope !== undefined && row.owner !== scope)) return undefined;
    return {
      id: row.id,
      owner: row.owner,
      previousResponseId: row.previous_response_id ?? undefined,
      inputItems: asJson(row.input_items) as InputItem[],
      response: asJson(row.response) as ResponseObject,
      background: row.background === null ? undefined : (asJson(row.background) as BackgroundRun),
    };
  }

  /** Deletes a response the scope may see; false when there is none. */
  async delete(id: string, scope: string | undefined): Promise<boolean> {
    const { rows } = await this.database.query<{ id: string }>(
      'DELETE FROM responses WHERE id = $1 AND ($2::text IS NULL OR owner = $2) RETURNING id',
      [id, scope ?? null],
    );
    return rows.length > 0;
  }

  /**
   * Deletes the responses created before `cutoff` (and their items), a batch at a time so no statement holds locks
   * for long (retention, docs/request-log.md); returns how many were deleted.
   */
  async deleteCreatedBefore(cutoff: Date, batchSize = 1_000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const { rows } = await this.database.query<{ id: string }>(
        `DELETE FROM responses WHERE id IN (
           SELECT id FROM responses WHERE created_at < $1::timestamptz ORDER BY created_at LIMIT $2
         ) RETURNING id`,
        [cutoff.toISOString(), batchSize],
      );
      deleted += rows.length;
      if (rows.length < batchSize) return deleted;
    }
  }

  /**
   * The conversation up to and including response `id`, as input items: each earlier response's input items and
   * output, oldest first. Undefined when `id` (or a response it continues) is not visible in the scope.
   */
  async conversation(id: string, scope: string | undefined): Promise<InputItem[] | undefined> {
    const chain: StoredResponse[] = [];
    let next: string | undefined = id;
    while (next !== undefined && chain.length < MAX_CHAIN) {
      const stored = await this.get(next, scope);
      if (!stored) return undefined;
      chain.push(stored);
      next = stored.previousResponseId;
    }
    return chain.reverse().flatMap((stored) => [...stored.inputItems, ...stored.response.output.map(asInputItem)]);
  }
}

/** An output item handed back as input: messages, function calls and reasoning are valid input items as they are. */
function asInputItem(item: OutputItem): InputItem {
  return item as unknown as InputItem;
}

/** PGlite and pg both parse jsonb; a string is parsed in case a driver did not. */
function asJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
