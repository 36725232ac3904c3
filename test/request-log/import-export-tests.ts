import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { migrate, type SqlDatabase } from '@sluice/database';
import type { CompletionEvent } from '@sluice/queues';
import {
  importLogRecords,
  REQUEST_LOG_MIGRATIONS,
  RequestLogReader,
  type RequestLogRecord,
  RequestLogWriter,
  type SummaryGroupBy,
} from '@sluice/request-log';
import { storedApart } from './completion-event-factory';
import type { SuiteContext } from './request-log-suite';
import { assertRollupsMatch, variedEvents } from './rollup-tests';

const WINDOW = { from: '2026-05-10T00:00:00Z', to: '2026-05-13T00:00:00Z' };

/** The rollup summary by `groupBy`, per hour and per day over WINDOW, equals the exact one (assertRollupsMatch). */
async function assertRollupsMatchExact(
  reader: RequestLogReader,
  groupBy: SummaryGroupBy,
  records: readonly CompletionEvent[],
  groupKey: Parameters<typeof assertRollupsMatch>[3],
): Promise<void> {
  for (const interval of ['hour', 'day'] as const) {
    const query = { ...WINDOW, groupBy, interval };
    assertRollupsMatch(await reader.summary(query), await reader.exactSummary(query), records, groupKey);
  }
}

async function exportAll(database: SqlDatabase): Promise<RequestLogRecord[]> {
  const records: RequestLogRecord[] = [];
  for await (const page of new RequestLogReader({ database }).pages({ properties: {} }, { bodies: true, pageSize: 70 }))
    records.push(...page);
  return records;
}

async function rollupTotals(database: SqlDatabase): Promise<unknown[]> {
  const { rows } = await database.query(
    `SELECT span, dimension, sum(requests)::int AS requests, sum(prompt_tokens)::int AS prompt_tokens
     FROM request_log_rollups GROUP BY span, dimension ORDER BY span, dimension`,
  );
  return rows;
}

/** Splits text into chunks of a few bytes, so lines and multi-byte characters straddle chunk boundaries. */
function trickle(text: string, size = 7): Readable {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return Readable.from(chunks);
}

export function defineImportExportTests(context: SuiteContext): void {
  const importText = (text: string, maxLineBytes = 100_000) =>
    importLogRecords({
      source: trickle(text),
      writer: new RequestLogWriter({ database: context.database }),
      maxLineBytes,
      batchSize: 40,
    });

  describe('import and export', () => {
    it('imports a file idempotently: the second time adds no row and no rollup', async () => {
      const records = variedEvents(150, 31).map((event, index) => ({
        ...event,
        ...(index % 2 === 0 ? { cost_usd: 0.25, saved_usd: 0 } : {}),
        properties: { ...event.properties, note: 'ünïcødé ✓' },
      }));
      const text = `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
      const first = await importText(text);
      assert.deepEqual(
        [first.lines, first.inserted, first.duplicates, first.failed, first.errors],
        [150, 150, 0, 0, []],
      );
      const rows = await context.database.query('SELECT count(*)::int AS count FROM request_logs');
      const totals = await rollupTotals(context.database);
      const second = await importText(text);
      assert.deepEqual([second.inserted, second.duplicates], [0, 150]);
      assert.deepEqual(
        (await context.database.query('SELECT count(*)::int AS count FROM request_logs')).rows,
        rows.rows,
      );
      assert.deepEqual(await rollupTotals(context.database), totals);
      const reader = new RequestLogReader({ database: context.database });
      assert.equal((await reader.get(records[0]?.id ?? ''))?.cost_usd, 0.25);
      assert.deepEqual((await reader.get(records[0]?.id ?? ''))?.properties.note, 'ünïcødé ✓');
      const summary = await reader.summary({ ...WINDOW });
      assert.equal(
        summary.data.reduce((sum, row) => sum + row.requests, 0),
        150,
      );
      await assertRollupsMatchExact(reader, 'user', records, (record) => record.user_id);
    });

    it('imports a file overlapping what is logged: only the new rows and their rollups, bodies searchable', async () => {
      const records = variedEvents(120, 43).map((event, index) => ({
        ...event,
        id: `overlap_${1000 + index}`,
        request_body: {
          messages: [{ role: 'user', content: `question ${index} about the ${index % 2 ? 'heron' : 'osprey'}` }],
        },
        ...(index % 3 === 0 ? {} : { response_body: { choices: [{ message: { content: `answer ${index}` } }] } }),
      }));
      const lines = records.map((record) => JSON.stringify(record));
      const first = await importText(`${lines.slice(0, 70).join('\n')}\n`);
      assert.deepEqual([first.inserted, first.duplicates], [70, 0]);
      // Lines 50–119: the first batch of 40 holds 20 logged rows, the rest are new.
      const second = await importText(`${lines.slice(50).join('\n')}\n`);
      assert.deepEqual([second.inserted, second.duplicates, second.failed], [50, 20, 0]);
      const reader = new RequestLogReader({ database: context.database });
      const exact = await reader.exactSummary({ ...WINDOW, groupBy: 'model', interval: 'hour' });
      assert.equal(
        exact.data.reduce((sum, row) => sum + row.requests, 0),
        120,
      );
      await assertRollupsMatchExact(reader, 'property.team', records, (record) => record.properties.team ?? null);
      const found = await reader.list({ ...WINDOW, search: 'heron', limit: 100 });
      assert.equal(found.data.length, 60);
      assert.deepEqual((await reader.get('overlap_1001'))?.response_body, records[1]?.response_body);
      assert.equal((await reader.get('overlap_1000'))?.response_body, null);
    });

    it('imports one file twice at once: each row once, rollups equal to the exact aggregates', async () => {
      const records = variedEvents(200, 47).map((event, index) => ({ ...event, id: `twice_${1000 + index}` }));
      const text = `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
      const [first, second] = await Promise.all([importText(text), importText(text)]);
      assert.equal((first?.inserted ?? 0) + (second?.inserted ?? 0), 200);
      assert.equal((first?.duplicates ?? 0) + (second?.duplicates ?? 0), 200);
      const reader = new RequestLogReader({ database: context.database });
      await assertRollupsMatchExact(reader, 'user', records, (record) => record.user_id);
    });

    it('imports a batch whose one logged row its sample of keys misses: that row once, the rest inserted', async () => {
      const records = variedEvents(300, 67).map((event, index) => ({ ...event, id: `sampled_${1000 + index}` }));
      // A batch of 300 probes every fifth key (at most 64): the row at index 7 is not among them.
      await new RequestLogWriter({ database: context.database }).writeBatch([records[7] as CompletionEvent]);
      const result = await importLogRecords({
        source: trickle(`${records.map((record) => JSON.stringify(record)).join('\n')}\n`, 4_096),
        writer: new RequestLogWriter({ database: context.database }),
        maxLineBytes: 100_000,
        batchSize: 300,
      });
      assert.deepEqual([result.inserted, result.duplicates, result.failed], [299, 1, 0]);
      const reader = new RequestLogReader({ database: context.database });
      await assertRollupsMatchExact(reader, 'user', records, (record) => record.user_id);
    });

    it('ends with the database failure once the batches already being written have finished', async () => {
      const records = variedEvents(200, 37).map((event, index) => ({ ...event, id: `import_fail_${1000 + index}` }));
      await context.database.exec(`
        CREATE FUNCTION refuse_import_fail_1090() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.id = 'import_fail_1090' THEN RAISE EXCEPTION 'refused by the test'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_import_fail_1090 BEFORE INSERT ON request_logs
          FOR EACH ROW EXECUTE FUNCTION refuse_import_fail_1090();`);
      try {
        const text = `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
        await assert.rejects(importText(text), /refused by the test/);
        // Batches of 40 in file order: the first two were written, the third (holding line 91) failed whole.
        const { rows } = await context.database.query<{ id: string }>('SELECT id FROM request_logs');
        const ids = new Set(rows.map((row) => row.id));
        for (let index = 0; index < 80; index++) assert.ok(ids.has(`import_fail_${1000 + index}`));
        for (let index = 80; index < 120; index++) assert.ok(!ids.has(`import_fail_${1000 + index}`));
        const totals = await context.database.query<{ requests: number }>(
          "SELECT sum(requests)::int AS requests FROM request_log_rollups WHERE span = 'day' AND dimension = ''",
        );
        assert.equal(totals.rows[0]?.requests, ids.size, 'the rollups count exactly the rows written');
      } finally {
        await context.database.exec(
          'DROP TRIGGER refuse_import_fail_1090 ON request_logs; DROP FUNCTION refuse_import_fail_1090();',
        );
      }
    });

    it('reports each bad line with its number and imports the rest', async () => {
      const good = variedEvents(3, 41);
      const lines = [
        JSON.stringify(good[0]),
        '{"id": "broken"',
        '',
        JSON.stringify({ ...good[1], created_at: 'yesterday' }),
        JSON.stringify({ id: 'nothing-else' }),
        `{"id":"huge","padding":"${'x'.repeat(3_000)}"}`,
        JSON.stringify(good[2]),
      ];
      const result = await importText(lines.join('\r\n'), 2_000);
      assert.deepEqual([result.lines, result.inserted, result.failed], [6, 2, 4], JSON.stringify(result));
      assert.deepEqual(
        result.errors.map((error) => error.line),
        [2, 4, 5, 6],
      );
      assert.equal(result.errors[0]?.message, 'not valid JSON');
      assert.match(result.errors[1]?.message ?? '', /^created_at: /);
      assert.match(result.errors[2]?.message ?? '', /requested_model/);
      assert.equal(result.errors[3]?.message, 'longer than 2000 bytes');
    });

    it('round-trips: an NDJSON export imported elsewhere exports the same records, bodies included', async () => {
      // A third with no bodies, a third with one turn, a third a conversation sent and as translated.
      const conversation = (index: number, system: string) => ({
        messages: [{ role: 'system', content: system }, { content: `q${index}, "quoted"` }],
      });
      const events = variedEvents(160, 53).map((event, index) =>
        index % 3 === 0
          ? event
          : index % 3 === 1
            ? { ...event, request_body: { messages: [{ content: `q${index}, "quoted"` }] } }
            : {
                ...event,
                request_body: conversation(index, storedApart('Be terse.')),
                translated_request_body: conversation(index, storedApart('Be terse, translated.')),
              },
      );
      await new RequestLogWriter({ database: context.database }).writeBatch(events);
      const exported = await exportAll(context.database);
      assert.equal(exported.length, 160);
      assert.ok(exported.some((record) => record.request_body !== null));
      const other = await context.openEmpty();
      try {
        await migrate(other.database, REQUEST_LOG_MIGRATIONS);
        const result = await importLogRecords({
          source: Readable.from(exported.map((record) => `${JSON.stringify(record)}\n`)),
          writer: new RequestLogWriter({ database: other.database }),
          maxLineBytes: 100_000,
        });
        assert.deepEqual([result.inserted, result.failed], [160, 0]);
        assert.deepEqual(await exportAll(other.database), exported);
        const turns = async (database: SqlDatabase) =>
          (await database.query<{ count: number }>('SELECT count(*)::int AS count FROM request_log_turns')).rows[0]
            ?.count;
        const storedTurns = await turns(context.database);
        assert.ok(storedTurns !== undefined && storedTurns >= 2, 'the system turns, sent and translated, stored apart');
        assert.equal(await turns(other.database), storedTurns, 'the import stored the same turns apart');
        assert.deepEqual(await rollupTotals(other.database), await rollupTotals(context.database));
        const query = { ...WINDOW, groupBy: 'property.team' as const, interval: 'hour' as const };
        assert.deepEqual(
          await new RequestLogReader({ database: other.database }).summary(query),
          await new RequestLogReader({ database: context.database }).summary(query),
        );
      } finally {
        await other.dispose();
      }
    });
  });
}
