import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { BATCH_MIGRATIONS, createBatchRunner, FileStore } from '@sluice/batches';
import { connectRedis, createQueueCatalog, ProviderQueues, type RedisClient } from '@sluice/queues';

import { openScratchPglite, type ScratchDatabase } from '../helpers/scratch-databases';
import { deleteKeys } from '../helpers/start-test-gateway';

describe('the batch runner removes abandoned uploads', () => {
  const prefix = `test-uploads-${randomUUID()}`;
  let scratch: ScratchDatabase;
  let redis: RedisClient;
  let blockingRedis: RedisClient;

  before(async () => {
    scratch = await openScratchPglite(BATCH_MIGRATIONS);
    redis = connectRedis({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: undefined }, 'command');
    blockingRedis = connectRedis({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: undefined }, 'blocking');
  });
  after(async () => {
    await deleteKeys('redis://127.0.0.1:6379', prefix);
    redis.disconnect();
    blockingRedis.disconnect();
    await scratch.dispose();
  });

  test('an upload older than the age is swept on the runner’s interval; a younger one is kept', async () => {
    const files = new FileStore(scratch.database);
    const abandoned = await files.open('abandoned.jsonl', 'batch', 'key_a');
    await abandoned.write('{"a":1}\n');
    const young = await files.open('young.jsonl', 'batch', 'key_a');
    await scratch.database.query(`UPDATE files SET created_at = now() - interval '10 minutes' WHERE id = $1`, [
      abandoned.id,
    ]);
    const catalog = createQueueCatalog(prefix);
    const queues = new ProviderQueues(redis, catalog);
    const errors: unknown[] = [];
    const runner = createBatchRunner({
      database: scratch.database,
      redis,
      blockingRedis,
      batchKeys: catalog.batchKeys,
      config: () => ({ providers: {}, configs: {}, aliases: {} }) as never,
      queues,
      limits: { maxInFlight: 10, maxLines: 100, maxLineChars: 10_000 },
      owner: 'runner-a',
      keyProblem: async () => undefined,
      onError: (error) => errors.push(error),
      abandonedUploads: { sweepEveryMs: 50, ageMs: 5 * 60_000 },
    });
    await runner.start();
    try {
      const deadline = Date.now() + 5_000;
      let ids: string[] = [];
      while (Date.now() < deadline) {
        ids = (await scratch.database.query<{ id: string }>('SELECT id FROM files')).rows.map((row) => row.id);
        if (!ids.includes(abandoned.id)) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.deepEqual(ids, [young.id]);
      assert.deepEqual(errors, []);
    } finally {
      await runner.stop();
      await queues.close();
    }
  });
});
