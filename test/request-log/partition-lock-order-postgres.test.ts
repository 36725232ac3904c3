import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SqlDatabase } from '@sluice/database';
import { REQUEST_LOG_MIGRATIONS, RequestLogWriter } from '@sluice/request-log';
import { openScratchPostgres, type ScratchDatabase } from '../helpers/scratch-databases';
import { makeCompletionEvent, storedApart } from './completion-event-factory';

/** Resolves once `countSql` (a count, `n`) reaches `count`. */
async function until(database: SqlDatabase, countSql: string, count: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (((await database.query<{ n: number }>(countSql)).rows[0]?.n ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never reached ${count}: ${countSql}`);
}

const LOG_LOCKED = `SELECT count(*)::int AS n FROM pg_locks
  WHERE relation = 'request_logs'::regclass AND mode = 'AccessExclusiveLock' AND granted`;
const SESSIONS_WAITING = `SELECT count(*)::int AS n FROM pg_stat_activity
  WHERE datname = current_database() AND wait_event_type = 'Lock'`;

describe('request log writes and day creation on PostgreSQL', () => {
  let scratch: ScratchDatabase;
  before(async () => {
    scratch = await openScratchPostgres(REQUEST_LOG_MIGRATIONS);
  });
  after(() => scratch.dispose());

  it('takes the log, body and turn tables in the order a new day locks them, so neither deadlocks', async () => {
    const { database } = scratch;
    const created_at = '2026-04-02T09:00:00.000Z';
    const writer = new RequestLogWriter({ database });
    await writer.writeBatch([makeCompletionEvent({ created_at })]);
    const conversation = {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: storedApart('Be terse.') },
        { role: 'user', content: 'Hi' },
      ],
    };
    // A session holds the log, so the day's creation queues for it first and the write (a day that exists, turns
    // to store) after it; once the log is free the creation takes it and then wants the turns table.
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = database.transaction(async (transaction) => {
      await transaction.query('LOCK TABLE request_logs IN ACCESS EXCLUSIVE MODE');
      await released;
    });
    await until(database, LOG_LOCKED, 1);
    const creating = database.query('SELECT request_log_create_partitions($1::date)', ['2026-04-05']);
    await until(database, SESSIONS_WAITING, 1);
    const writing = writer.writeBatch([makeCompletionEvent({ created_at, request_body: conversation })]);
    await until(database, SESSIONS_WAITING, 2);
    release();
    const [written] = await Promise.all([writing, creating, holding]);
    assert.equal(written.inserted, 1);
    const turns = await database.query<{ count: number }>('SELECT count(*)::int AS count FROM request_log_turns');
    assert.equal(turns.rows[0]?.count, 1);
  });
});
