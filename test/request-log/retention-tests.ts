import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  enforceLogRetention,
  partitionDay,
  RequestLogPartitions,
  RequestLogReader,
  RequestLogWriter,
} from '@sluice/request-log';
import { makeCompletionEvent, storedApart } from './completion-event-factory';
import type { SuiteContext } from './request-log-suite';

const NOW = new Date('2026-06-20T10:00:00Z');

export function defineRetentionTests(context: SuiteContext): void {
  describe('retention', () => {
    it('drops whole day partitions past the retention, bodies past theirs, and the rollups of dropped days', async () => {
      const partitions = new RequestLogPartitions(context.database);
      for (const partition of await partitions.list()) await partitions.drop(partition);
      const writer = new RequestLogWriter({ database: context.database, partitions });
      // One request a day from 40 days ago to today, each with bodies: a conversation whose first turn every day
      // shares, sent and as translated.
      const requestBody = (index: number, system = storedApart('Answer in one word.')) => ({
        day: index,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: `What is day ${index}?` },
        ],
      });
      const translatedBody = (index: number) => requestBody(index, storedApart('Answer in one word, as translated.'));
      const events = Array.from({ length: 41 }, (_, index) =>
        makeCompletionEvent({
          id: `day_${index}`,
          created_at: new Date(NOW.getTime() - (40 - index) * 86_400_000).toISOString(),
          request_body: requestBody(index),
          translated_request_body: translatedBody(index),
          response_body: { ok: true },
        }),
      );
      await writer.writeBatch(events);
      const run = await enforceLogRetention(context.database, partitions, { days: 30, bodyDays: 7 }, NOW);

      assert.deepEqual(
        run.droppedDays,
        Array.from({ length: 10 }, (_, index) => addDays('2026-05-11', index)),
        'days before 2026-05-21 (30 days before now) are dropped',
      );
      assert.equal(run.droppedBodyDays.length, 33, 'bodies of 2026-05-11 … 2026-06-12 (7 days before now)');
      const left = await partitions.list();
      assert.equal(left.filter((partition) => partition.table === 'request_logs')[0]?.day, '2026-05-21');
      assert.equal(left.filter((partition) => partition.table === 'request_log_bodies')[0]?.day, '2026-06-13');
      assert.equal(left.filter((partition) => partition.table === 'request_log_turns')[0]?.day, '2026-06-13');
      const turns = await context.database.query<{ day: string }>(
        "SELECT to_char(day, 'YYYY-MM-DD') AS day FROM request_log_turns ORDER BY day",
      );
      assert.deepEqual(
        turns.rows.map((row) => row.day),
        Array.from({ length: 8 }, (_, index) => addDays('2026-06-13', index)).flatMap((day) => [day, day]),
        'the shared turns (sent, translated) are stored once on each day whose bodies are kept; the others went',
      );
      assert.ok(
        left.some((partition) => partition.day === '2026-06-22'),
        'partitions exist two days ahead',
      );

      const { rows } = await context.database.query<{ id: string }>('SELECT id FROM request_logs ORDER BY created_at');
      assert.deepEqual(
        rows.map((row) => row.id),
        events.slice(10).map((event) => event.id),
      );
      const reader = new RequestLogReader({ database: context.database });
      const old = await reader.get('day_32');
      assert.deepEqual(
        [old?.id, old?.request_body, old?.response_body, old && 'translated_request_body' in old],
        ['day_32', null, null, false],
      );
      const kept = await reader.get('day_33');
      assert.deepEqual([kept?.request_body, kept?.translated_request_body], [requestBody(33), translatedBody(33)]);
      const rollups = await context.database.query<{ requests: number; first: string }>(
        `SELECT sum(requests)::int AS requests, min(bucket) AS first FROM request_log_rollups WHERE dimension = '' AND span = 'day'`,
      );
      assert.equal(rollups.rows[0]?.requests, 31);
      assert.equal(partitionDay(rollups.rows[0]?.first ?? ''), '2026-05-21');
      const unmatched = await context.database.query<{ histograms: number; rollups: number }>(
        `SELECT (SELECT count(*)::int FROM request_log_rollup_histograms
                 WHERE rollup_id NOT IN (SELECT id FROM request_log_rollups)) AS histograms,
                (SELECT count(*)::int FROM request_log_rollups
                 WHERE id NOT IN (SELECT rollup_id FROM request_log_rollup_histograms)) AS rollups`,
      );
      assert.deepEqual(unmatched.rows, [{ histograms: 0, rollups: 0 }], 'the dropped rollups took their histograms');

      const again = await enforceLogRetention(context.database, partitions, { days: 30, bodyDays: 7 }, NOW);
      assert.deepEqual([again.droppedDays, again.droppedBodyDays, again.rollupRowsDeleted], [[], [], 0]);
    });

    it('refuses rows older than the retention and stores no bodies older than theirs', async () => {
      let now = NOW;
      const writer = new RequestLogWriter({
        database: context.database,
        retention: { days: 30, bodyDays: 7 },
        clock: () => now,
      });
      const tooOld = makeCompletionEvent({ id: 'too_old', created_at: '2026-05-20T23:59:59Z' });
      const bodiless = makeCompletionEvent({ id: 'bodiless', created_at: '2026-06-01T00:00:00Z', request_body: {} });
      const fresh = makeCompletionEvent({ id: 'fresh', created_at: '2026-06-19T00:00:00Z', request_body: { a: 1 } });
      const result = await writer.writeBatch([tooOld, bodiless, fresh]);
      assert.equal(result.inserted, 2);
      assert.deepEqual(
        result.rejected.map((rejected) => rejected.id),
        ['too_old'],
      );
      const reader = new RequestLogReader({ database: context.database });
      assert.equal((await reader.get('bodiless'))?.request_body, null);
      assert.deepEqual((await reader.get('fresh'))?.request_body, { a: 1 });
      // The bodies' first day (2026-06-13 until midnight) moves with the writer's clock.
      const edge = (id: string) =>
        makeCompletionEvent({ id, created_at: '2026-06-13T12:00:00Z', request_body: { a: 2 } });
      await writer.writeBatch([edge('edge_before')]);
      now = new Date('2026-06-21T00:00:00Z');
      await writer.writeBatch([edge('edge_after')]);
      assert.deepEqual((await reader.get('edge_before'))?.request_body, { a: 2 });
      assert.equal((await reader.get('edge_after'))?.request_body, null);
    });
  });
}
