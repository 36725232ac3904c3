import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { JobStore, type NewJob } from '@sluice/jobs';
import { noHashTag } from '@sluice/queues';
import { Redis } from 'ioredis';
import { INDEX_JOB } from '../../packages/jobs/src/job-scripts';
import { deleteKeys } from '../helpers/start-test-gateway';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `js${randomUUID().slice(0, 8)}`;
const redis = new Redis(REDIS_URL);
after(async () => {
  redis.disconnect();
  await deleteKeys(REDIS_URL, prefix);
});

const newJob = (id: string, owner = '_'): NewJob => ({
  id,
  endpoint: '/v1/chat/completions',
  priority: 'normal',
  requestId: `req_${id}`,
  owner,
  queueProvider: 'openai',
  createdAt: Date.now(),
  metadata: {},
});

test('records expire after the retention period, counted again from when they settle', async () => {
  const store = new JobStore({ redis, keyPrefix: `${prefix}:jobs`, hashTag: noHashTag, retentionS: 1 });
  await store.create(newJob('job_short'));
  await store.settle('job_short', { status: 'succeeded', completedAt: Date.now(), attempts: [], result: '{}' });
  assert.equal((await store.get('job_short'))?.status, 'succeeded');
  await new Promise((resolve) => setTimeout(resolve, 1_300));
  assert.equal(await store.get('job_short'), undefined);
});

test('status moves are guarded: a settled or cancelled job never changes again', async () => {
  const store = new JobStore({ redis, keyPrefix: `${prefix}:jobs`, hashTag: noHashTag, retentionS: 60 });
  await store.create(newJob('job_a'));
  assert.deepEqual(await store.markRunning('job_a'), { kind: 'moved', previous: 'queued' });
  assert.deepEqual(await store.markRunning('job_a'), { kind: 'unchanged', current: 'running' });
  assert.deepEqual(await store.cancel('job_a'), { kind: 'moved', previous: 'running' });
  assert.equal(
    await store.settle('job_a', { status: 'succeeded', completedAt: Date.now(), attempts: [] }),
    false,
    'a late result loses to the cancel',
  );
  assert.equal((await store.get('job_a'))?.status, 'cancelled');
  assert.deepEqual(await store.markRunning('job_missing'), { kind: 'missing' });
  const listed = await store.list({ owner: '_', status: 'cancelled', limit: 10 });
  assert.deepEqual(
    listed.records.map((record) => record.id),
    ['job_a'],
  );
  assert.equal(
    (await store.list({ owner: '_', status: 'running', limit: 10 })).records.length,
    0,
    'it left the running index',
  );
});

test('an idempotency key maps to one job per owner', async () => {
  const store = new JobStore({ redis, keyPrefix: `${prefix}:jobs`, hashTag: noHashTag, retentionS: 60 });
  assert.deepEqual(await store.create(newJob('job_first'), 'same'), { id: 'job_first', created: true });
  assert.deepEqual(await store.create(newJob('job_second'), 'same'), { id: 'job_first', created: false });
  assert.deepEqual(await store.create(newJob('job_third', 'key_b'), 'same'), { id: 'job_third', created: true });
  assert.equal(await store.get('job_second'), undefined, 'the duplicate was never written');
  await assert.rejects(store.list({ owner: '_', limit: 5, after: 'job_unknown' }), { status: 400 });
});

test('the owner indexes only move forward, and a listing shows each job as its record says', async () => {
  const store = new JobStore({ redis, keyPrefix: `${prefix}:jobs`, hashTag: noHashTag, retentionS: 60 });
  await store.create(newJob('job_order', 'key_order'));
  await store.markRunning('job_order');
  await store.settle('job_order', { status: 'succeeded', completedAt: Date.now(), attempts: [] });
  const indexKeys = ['all', 'queued', 'running', 'succeeded', 'failed', 'cancelled'].map((status) =>
    store.keys.index('key_order', status as 'all'),
  );
  const late = await INDEX_JOB.run(redis, indexKeys, ['job_order', 3, Date.now(), 0]);
  assert.equal(late, 0, 'a move to running that arrives after the job succeeded is ignored');
  assert.equal(await redis.zscore(store.keys.index('key_order', 'running'), 'job_order'), null);
  await redis.zadd(store.keys.index('key_order', 'queued'), Date.now(), 'job_order');
  assert.deepEqual((await store.list({ owner: 'key_order', status: 'queued', limit: 10 })).records, []);
  assert.deepEqual(
    (await store.list({ owner: 'key_order', status: 'succeeded', limit: 10 })).records.map((record) => record.id),
    ['job_order'],
  );
});
