import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  BATCH_MIGRATIONS,
  BatchLeases,
  BatchResults,
  BatchStore,
  FILE_CHUNK_BYTES,
  FileStore,
  readLines,
} from '@sluice/batches';
import { migrate, type SqlDatabase } from '@sluice/database';

export interface StorageBackend {
  name: string;
  open(): Promise<{ database: SqlDatabase; dispose(): Promise<void> }>;
}

async function* pieces(text: string, sizes: number[]): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  let offset = 0;
  for (let index = 0; offset < bytes.length; index += 1) {
    const size = sizes[index % sizes.length] ?? 1;
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

const newBatch = (owner: string, inputFileId: string, idempotencyKey?: string) => ({
  owner,
  endpoint: '/v1/chat/completions' as const,
  inputFileId,
  completionWindow: '24h',
  metadata: { team: 'search' },
  context: { properties: { team: 'search' } },
  configHeader: undefined,
  idempotencyKey,
  windowMs: 24 * 3600_000,
});

/** Batch files, batches, leases and line results: the same tests on each database engine. */
export function defineBatchStorageSuite(backend: StorageBackend): void {
  describe(`batch storage on ${backend.name}`, () => {
    let opened: { database: SqlDatabase; dispose(): Promise<void> } | undefined;
    const database = () => {
      if (!opened) throw new Error('not open');
      return opened.database;
    };
    before(async () => {
      opened = await backend.open();
      await migrate(opened.database, BATCH_MIGRATIONS);
    });
    beforeEach(async () => {
      await database().exec('TRUNCATE files, file_chunks, batches, batch_results');
    });
    after(async () => {
      await opened?.dispose();
    });

    test('a file is stored and read back in fixed-size chunks, whatever the upload pieces', async () => {
      const files = new FileStore(database());
      const lines = Array.from({ length: 12_000 }, (_, index) =>
        JSON.stringify({ custom_id: `r${index}`, text: 'é'.repeat(index % 300) }),
      );
      const text = `${lines.join('\n')}\n`;
      const stored = await files.create('input.jsonl', 'batch', 'key_a', pieces(text, [7, 65_537, 300_001, 1]));
      assert.equal(stored.bytes, Buffer.byteLength(text));
      assert.match(stored.id, /^file-[0-9a-f]{24}$/);
      const chunks: Buffer[] = [];
      for await (const chunk of files.chunks(stored.id)) chunks.push(chunk);
      assert.ok(chunks.length > 1 && chunks.slice(0, -1).every((chunk) => chunk.length === FILE_CHUNK_BYTES));
      assert.equal(Buffer.concat(chunks).toString('utf8'), text);
      let count = 0;
      for await (const line of readLines(files.chunks(stored.id), 10_000)) {
        assert.equal(line.text, lines[count]);
        count += 1;
      }
      assert.equal(count, lines.length);
    });

    test('files are visible once finished, to their owner, and listed newest first', async () => {
      const files = new FileStore(database());
      const writer = await files.open('partial.jsonl', 'batch', 'key_a');
      await writer.write('{"a":1}\n');
      assert.equal(await files.get(writer.id), undefined, 'not visible half-written');
      await writer.abort();
      const first = await files.create('one.jsonl', 'batch', 'key_a', pieces('x\n', [2]));
      const second = await files.create('two.jsonl', 'batch', 'key_b', pieces('y\n', [2]));
      assert.equal(await files.get(first.id, 'key_b'), undefined, 'another key cannot see it');
      assert.equal((await files.get(first.id, 'key_a'))?.filename, 'one.jsonl');
      const all = await files.list({ owner: undefined, limit: 1 });
      assert.deepEqual(
        all.files.map((file) => file.id),
        [second.id],
      );
      assert.equal(all.hasMore, true);
      const next = await files.list({ owner: undefined, limit: 1, after: second.id });
      assert.deepEqual(
        next.files.map((file) => file.id),
        [first.id],
      );
      assert.deepEqual(
        (await files.list({ owner: 'key_b', limit: 10 })).files.map((file) => file.id),
        [second.id],
      );
      assert.equal(await files.delete(first.id, 'key_b'), false);
      assert.equal(await files.delete(first.id, 'key_a'), true);
      assert.equal(await files.get(first.id), undefined);
    });

    test('uploads left unfinished past the age are removed with their chunks; finished files and recent uploads stay', async () => {
      const files = new FileStore(database());
      const abandoned = await files.open('abandoned.jsonl', 'batch', 'key_a');
      await abandoned.write('x'.repeat(FILE_CHUNK_BYTES + 10));
      const recent = await files.open('recent.jsonl', 'batch', 'key_a');
      const finished = await files.create('finished.jsonl', 'batch', 'key_a', pieces('done\n', [5]));
      await database().query(`UPDATE files SET created_at = now() - interval '2 days' WHERE id = ANY($1)`, [
        [abandoned.id, finished.id],
      ]);
      assert.equal(await files.removeAbandonedUploads(new Date(Date.now() - 24 * 3600_000)), 1);
      const left = await database().query<{ id: string }>('SELECT id FROM files ORDER BY id');
      assert.deepEqual(left.rows.map((row) => row.id).sort(), [finished.id, recent.id].sort());
      const chunks = await database().query<{ file_id: string }>('SELECT DISTINCT file_id FROM file_chunks');
      assert.deepEqual(
        chunks.rows.map((row) => row.file_id),
        [finished.id],
      );
    });

    test('batches: created validating, idempotent by key and owner, scoped, listed and cancelled', async () => {
      const batches = new BatchStore(database());
      const created = await batches.create(newBatch('key_a', 'file-1', 'k1'));
      assert.equal(created.created, true);
      assert.equal(created.batch.status, 'validating');
      assert.deepEqual(created.batch.request_counts, { total: 0, completed: 0, failed: 0 });
      assert.ok((created.batch.expires_at ?? 0) - created.batch.created_at >= 24 * 3600 - 1);
      const again = await batches.create(newBatch('key_a', 'file-1', 'k1'));
      assert.deepEqual([again.created, again.batch.id], [false, created.batch.id]);
      const otherOwner = await batches.create(newBatch('key_b', 'file-1', 'k1'));
      assert.notEqual(otherOwner.batch.id, created.batch.id, 'keys are scoped to their owner');
      await assert.rejects(batches.get(created.batch.id, 'key_b'), { status: 404 });
      const listed = await batches.list({ owner: 'key_a', limit: 10 });
      assert.deepEqual(
        listed.batches.map((batch) => batch.id),
        [created.batch.id],
      );
      const cancelling = await batches.cancel(created.batch.id, 'key_a');
      assert.equal(cancelling.status, 'cancelling');
      assert.equal((await batches.cancel(created.batch.id)).status, 'cancelling', 'cancelling twice is harmless');
      await database().query(`UPDATE batches SET status = 'completed' WHERE id = $1`, [otherOwner.batch.id]);
      await assert.rejects(batches.cancel(otherOwner.batch.id), { status: 409 });
    });

    test('leases: one runner at a time, renewed while held, taken over once lapsed; writes need the lease', async () => {
      const batches = new BatchStore(database());
      const { batch } = await batches.create(newBatch('_', 'file-1'));
      const first = new BatchLeases(database(), 'runner-1', 200);
      const second = new BatchLeases(database(), 'runner-2', 200);
      assert.equal((await first.claim([]))?.id, batch.id);
      assert.equal(await second.claim([]), undefined, 'held by runner-1');
      assert.equal(await first.renew(batch.id), true);
      assert.equal(await second.startProcessing(batch.id, 10, 0), undefined, 'runner-2 cannot advance it');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await second.claim([]))?.id, batch.id, 'taken over after the lease lapsed');
      assert.equal(await first.renew(batch.id), false, 'runner-1 learns it lost the lease');
      assert.equal((await second.startProcessing(batch.id, 10, 2))?.status, 'in_progress');
      assert.equal((await second.recordEnqueued(batch.id, 5, 4))?.next_line, 5);
    });

    test('line results count once, keep line order across pages, and are refused once the batch stops accepting', async () => {
      const batches = new BatchStore(database());
      const { batch } = await batches.create(newBatch('_', 'file-1'));
      const leases = new BatchLeases(database(), 'runner', 10_000);
      await leases.claim([]);
      await leases.startProcessing(batch.id, 5, 0);
      const results = new BatchResults(database());
      const line = (n: number, ok: boolean) => ({
        batchId: batch.id,
        line: n,
        ok,
        output: `{"line":${n}}`,
        inputTokens: 10,
        outputTokens: 5,
      });
      await results.store([line(3, true), line(1, false), line(2, true)]);
      await results.store([line(3, true), line(2, true)]);
      const counted = await batches.get(batch.id);
      assert.deepEqual(counted.request_counts, { total: 5, completed: 2, failed: 1 });
      assert.equal(counted.usage.input_tokens, 30);
      const ordered: number[] = [];
      for await (const result of results.results(batch.id, 2)) ordered.push(result.line);
      assert.deepEqual(ordered, [1, 2, 3]);
      assert.deepEqual((await results.settledLines(batch.id, 2)).sort(), [2, 3]);
      await batches.cancel(batch.id);
      await results.store([line(4, true)]);
      assert.equal(
        (await batches.get(batch.id)).request_counts.completed,
        2,
        'late results of a cancelled batch are ignored',
      );
      await leases.finish(batch.id, 'cancelled');
      const finished = await batches.get(batch.id);
      assert.equal(finished.status, 'cancelled');
      assert.ok(finished.cancelled_at !== null);
      assert.deepEqual(await results.settledLines(batch.id, 0), [], 'per-line results are cleared once finished');
    });
  });
}
