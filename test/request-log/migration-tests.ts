import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrate, type SqlDatabase } from '@sluice/database';
import {
  REQUEST_LOG_MIGRATIONS,
  RequestLogPartitions,
  RequestLogReader,
  type RequestLogRecord,
  RequestLogWriter,
  type RollupDelta,
  rollupDeltas,
} from '@sluice/request-log';
import { makeCompletionEvent, storedApart } from './completion-event-factory';
import type { SuiteContext } from './request-log-suite';
import { assertRollupsMatch, variedEvents } from './rollup-tests';

interface StoredRow {
  created_at: Date | string;
  virtual_key_id: string | null;
  served_model: string | null;
  requested_model: string;
  provider: string | null;
  user_id: string | null;
  properties: Record<string, string>;
  status: string;
  cache: string;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  saved_usd: number;
  latency_ms: number;
}

export function defineMigrationTests(context: SuiteContext): void {
  describe('migration to day partitions', () => {
    it("moves an unpartitioned table's rows and bodies over and builds the rollups the writer would", async () => {
      const scratch = await context.openEmpty();
      try {
        const { database } = scratch;
        const [first] = REQUEST_LOG_MIGRATIONS;
        assert.ok(first);
        await migrate(database, [first]);
        const events = variedEvents(300, 23);
        await database.query(
          `INSERT INTO request_logs (id, created_at, mode, endpoint, requested_model, served_model, provider, status,
             http_status, prompt_tokens, completion_tokens, cached_tokens, cost_usd, saved_usd, latency_ms, cache,
             properties, user_id, virtual_key_id, request_body)
           SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[],
             $7::text[], $8::text[], $9::int[], $10::int[], $11::int[], $12::int[], $13::float8[], $14::float8[],
             $15::float8[], $16::text[], $17::jsonb[], $18::text[], $19::text[], $20::jsonb[])`,
          [
            events.map((event) => event.id),
            events.map((event) => event.created_at),
            events.map((event) => event.mode),
            events.map((event) => event.endpoint),
            events.map((event) => event.requested_model),
            events.map((event) => event.served_model),
            events.map((event) => event.provider),
            events.map((event) => event.status),
            events.map((event) => event.http_status),
            events.map((event) => event.prompt_tokens),
            events.map((event) => event.completion_tokens),
            events.map((event) => event.cached_tokens),
            events.map((event) => event.prompt_tokens * 1e-6),
            events.map((event) => (event.status === 'cached' ? event.completion_tokens * 1e-6 : 0)),
            events.map((event) => event.latency_ms),
            events.map((event) => event.cache),
            events.map((event) => JSON.stringify(event.properties)),
            events.map((event) => event.user_id),
            events.map((event) => event.virtual_key_id),
            events.map((event, index) => (index % 2 === 0 ? JSON.stringify({ question: event.id }) : null)),
          ],
        );
        await migrate(database, REQUEST_LOG_MIGRATIONS);

        const counted = await database.query<{ rows: number; bodies: number }>(
          `SELECT (SELECT count(*)::int FROM request_logs) AS rows, (SELECT count(*)::int FROM request_log_bodies) AS bodies`,
        );
        assert.deepEqual(counted.rows, [{ rows: 300, bodies: 150 }]);
        const partitions = await new RequestLogPartitions(database).list();
        assert.deepEqual(
          [...new Set(partitions.map((partition) => partition.day))],
          ['2026-05-10', '2026-05-11', '2026-05-12'],
        );
        const reader = new RequestLogReader({ database });
        const withBody = await reader.get(events[0]?.id ?? '');
        assert.deepEqual(withBody?.request_body, { question: events[0]?.id });
        assert.equal((await reader.get(events[1]?.id ?? ''))?.request_body, null);

        const stored = await database.query<StoredRow>('SELECT * FROM request_logs');
        const expected = rollupDeltas(
          stored.rows.map((row) => ({
            createdAt: new Date(row.created_at).toISOString(),
            virtualKeyId: row.virtual_key_id,
            servedModel: row.served_model,
            requestedModel: row.requested_model,
            provider: row.provider,
            userId: row.user_id,
            properties: row.properties,
            status: row.status,
            cache: row.cache,
            promptTokens: row.prompt_tokens,
            completionTokens: row.completion_tokens,
            cachedTokens: row.cached_tokens,
            costUsd: row.cost_usd,
            savedUsd: row.saved_usd,
            latencyMs: row.latency_ms,
          })),
        );
        const built = await database.query<Record<string, unknown>>(
          `SELECT rollup.*, histogram.latency_histogram FROM request_log_rollups AS rollup
           JOIN request_log_rollup_histograms AS histogram ON histogram.rollup_id = rollup.id`,
        );
        assert.equal(built.rows.length, expected.length);
        const byKey = new Map(expected.map((delta) => [rollupKey(delta), delta]));
        for (const row of built.rows) {
          const delta = byKey.get(
            rollupKey({
              span: row.span as RollupDelta['span'],
              dimension: String(row.dimension),
              bucket: new Date(row.bucket as string).toISOString(),
              virtualKeyId: row.virtual_key_id as string | null,
              value: row.value as string | null,
            }),
          );
          assert.ok(delta, `no writer rollup for ${JSON.stringify(row)}`);
          assert.equal(Number(row.requests), delta.requests);
          assert.equal(Number(row.errors), delta.errors);
          assert.equal(Number(row.prompt_tokens), delta.promptTokens);
          assert.ok(Math.abs(Number(row.cost_usd) - delta.costUsd) < 1e-9);
          assert.deepEqual(row.latency_histogram, delta.histogram);
        }
        const window = { from: '2026-05-10T02:30:00Z', to: '2026-05-12T22:00:00Z', groupBy: 'property.team' as const };
        assertRollupsMatch(
          await reader.summary(window),
          await reader.exactSummary(window),
          events,
          (event) => event.properties.team ?? null,
        );
      } finally {
        await scratch.dispose();
      }
    });

    it('reads the bodies stored whole before turns were stored apart, and stores new turns on their day', async () => {
      const scratch = await context.openEmpty();
      try {
        const { database } = scratch;
        const body = conversation('Hi');
        await migrateAroundOldRow(database, 'request-log/009-store-turns-once', { request_body: body });

        const partitions = await new RequestLogPartitions(database).list();
        assert.deepEqual(
          partitions.map((partition) => partition.table),
          ['request_log_bodies', 'request_log_turns', 'request_logs'],
        );
        const reader = new RequestLogReader({ database });
        assert.deepEqual((await reader.get('old'))?.request_body, body);
        await new RequestLogWriter({ database }).writeBatch([
          makeCompletionEvent({ id: 'new', created_at: OLD_ROW_CREATED_AT, request_body: body }),
        ]);
        assert.deepEqual((await reader.get('new'))?.request_body, body);
        assert.equal(await storedTurns(database), 2);
      } finally {
        await scratch.dispose();
      }
    });

    it('reads the translated bodies stored whole before their turns were stored apart, and splits new ones', async () => {
      const scratch = await context.openEmpty();
      try {
        const { database } = scratch;
        const bodies = { request_body: conversation('Hi'), translated_request_body: conversation('Hi, translated') };
        await migrateAroundOldRow(database, 'request-log/010-store-translated-turns-once', bodies);

        const reader = new RequestLogReader({ database });
        const read = (record: RequestLogRecord | undefined) => ({
          request_body: record?.request_body,
          translated_request_body: record?.translated_request_body,
        });
        assert.deepEqual(read(await reader.get('old')), bodies);
        const exported: RequestLogRecord[] = [];
        for await (const page of reader.pages({ properties: {} }, { bodies: true })) exported.push(...page);
        assert.deepEqual(exported.map(read), [bodies]);
        await new RequestLogWriter({ database }).writeBatch([
          makeCompletionEvent({ id: 'new', created_at: OLD_ROW_CREATED_AT, ...bodies }),
        ]);
        assert.deepEqual(read(await reader.get('new')), bodies);
        assert.equal(await storedTurns(database), 3, "the two first turns, and the 'Hello' both bodies name");
      } finally {
        await scratch.dispose();
      }
    });

    it('finds the bodies stored before the search narrowed to the answer by their answer, not its envelope', async () => {
      const scratch = await context.openEmpty();
      try {
        const { database } = scratch;
        const response_body = {
          id: 'chatcmpl-quokka',
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: 'The bittern booms.' } }],
        };
        await migrateAroundOldRow(database, 'request-log/011-index-answer-words', {
          request_body: conversation('Hi'),
          response_body,
        });
        const found = async (search: string) =>
          (await new RequestLogReader({ database }).list({ search, from: '2026-05-09', to: '2026-05-11' })).data.map(
            (record) => record.id,
          );
        assert.deepEqual(await found('bittern'), ['old']);
        assert.deepEqual(await found('bye'), ['old']);
        assert.deepEqual(await found('quokka'), []);
      } finally {
        await scratch.dispose();
      }
    });
  });
}

const OLD_ROW_CREATED_AT = '2026-05-10T08:00:00.000Z';

/** A three-turn chat whose first turn is `first`. */
function conversation(first: string): { model: string; messages: { role: string; content: string }[] } {
  return {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'user', content: storedApart(first) },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Bye' },
    ],
  };
}

/**
 * Migrates the database up to the migration `id`, stores request 'old' with its bodies whole as the log stored them
 * then, and migrates the rest.
 */
async function migrateAroundOldRow(
  database: SqlDatabase,
  id: string,
  bodies: { request_body: unknown; response_body?: unknown; translated_request_body?: unknown },
): Promise<void> {
  const at = REQUEST_LOG_MIGRATIONS.findIndex((migration) => migration.id === id);
  assert.ok(at > 0, id);
  await migrate(database, REQUEST_LOG_MIGRATIONS.slice(0, at));
  await database.query('SELECT request_log_create_partitions($1::date)', [OLD_ROW_CREATED_AT.slice(0, 10)]);
  await database.query(
    `INSERT INTO request_logs (id, created_at, mode, endpoint, requested_model, status, http_status, latency_ms)
     VALUES ('old', $1, 'sync', 'chat', 'gpt-4o-mini', 'success', 200, 10)`,
    [OLD_ROW_CREATED_AT],
  );
  await database.query(
    `INSERT INTO request_log_bodies (id, created_at, request_body, response_body, translated_request_body)
     VALUES ('old', $1, $2::jsonb, $3::jsonb, $4::jsonb)`,
    [
      OLD_ROW_CREATED_AT,
      JSON.stringify(bodies.request_body),
      bodies.response_body === undefined ? null : JSON.stringify(bodies.response_body),
      bodies.translated_request_body === undefined ? null : JSON.stringify(bodies.translated_request_body),
    ],
  );
  await migrate(database, REQUEST_LOG_MIGRATIONS);
}

async function storedTurns(database: SqlDatabase): Promise<number | undefined> {
  return (await database.query<{ count: number }>('SELECT count(*)::int AS count FROM request_log_turns')).rows[0]
    ?.count;
}

function rollupKey(delta: Pick<RollupDelta, 'span' | 'dimension' | 'bucket' | 'virtualKeyId' | 'value'>): string {
  return JSON.stringify([delta.span, delta.dimension, delta.bucket, delta.virtualKeyId, delta.value]);
}
