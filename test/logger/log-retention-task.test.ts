import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startLogRetentionTask } from '@sluice/logger';
import { createLogger } from '@sluice/observability';
import { REQUEST_LOG_MIGRATIONS, RequestLogPartitions } from '@sluice/request-log';
import { RESPONSES_MIGRATIONS, ResponseStore, type StoredResponse } from '@sluice/responses';
import { openScratchPglite, type ScratchDatabase } from '../helpers/scratch-databases';

const NOW = new Date('2026-06-20T12:00:00Z');
const DAY_MS = 86_400_000;

function storedResponse(id: string): StoredResponse {
  return {
    id,
    owner: 'vk_1',
    previousResponseId: undefined,
    inputItems: [{ id: `msg_${id}`, type: 'message', role: 'user', content: 'hi' }],
    response: { id, object: 'response', output: [] },
  } as unknown as StoredResponse;
}

describe("the logger's retention pass", () => {
  let scratch: ScratchDatabase;
  before(async () => {
    scratch = await openScratchPglite([...REQUEST_LOG_MIGRATIONS, ...RESPONSES_MIGRATIONS]);
  });
  beforeEach(async () => {
    await scratch.database.exec('TRUNCATE responses, response_items');
  });
  after(async () => {
    await scratch.dispose();
  });

  it('deletes stored responses (and their items) older than SLUICE_LOG_RETENTION_DAYS, and keeps the rest', async () => {
    const { database } = scratch;
    const responses = new ResponseStore(database);
    for (const id of ['resp_old', 'resp_edge', 'resp_new']) await responses.save(storedResponse(id));
    const age = { resp_old: 31 * DAY_MS, resp_edge: 29 * DAY_MS, resp_new: 0 };
    for (const [id, ms] of Object.entries(age))
      await database.query('UPDATE responses SET created_at = $2::timestamptz WHERE id = $1', [
        id,
        new Date(NOW.getTime() - ms).toISOString(),
      ]);
    const task = startLogRetentionTask({
      database,
      partitions: new RequestLogPartitions(database),
      retention: { days: 30, bodyDays: 30 },
      responses,
      logger: createLogger({ level: 'silent' }),
      clock: () => NOW,
    });
    await task.stop();
    const { rows } = await database.query<{ id: string }>('SELECT id FROM responses ORDER BY id');
    assert.deepEqual(
      rows.map((row) => row.id),
      ['resp_edge', 'resp_new'],
    );
    const items = await database.query<{ response_id: string }>(
      'SELECT response_id FROM response_items ORDER BY response_id',
    );
    assert.deepEqual(
      items.rows.map((row) => row.response_id),
      ['resp_edge', 'resp_new'],
    );
    assert.equal(await responses.get('resp_old', undefined), undefined);
  });

  it('deletes in batches until none older is left', async () => {
    const { database } = scratch;
    const responses = new ResponseStore(database);
    for (let index = 0; index < 5; index++) await responses.save(storedResponse(`resp_batch_${index}`));
    await database.query("UPDATE responses SET created_at = now() - interval '40 days' WHERE id LIKE 'resp_batch_%'");
    assert.equal(await responses.deleteCreatedBefore(new Date(Date.now() - 30 * DAY_MS), 2), 5);
    const { rows } = await database.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM responses WHERE id LIKE 'resp_batch_%'",
    );
    assert.equal(rows[0]?.count, 0);
  });
});
