import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { RequestMetricSample } from './request-metric-sample';
import { RequestMetricsStore } from './request-metrics-store';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function sample(overrides: Partial<RequestMetricSample> = {}): RequestMetricSample {
  return {
    labels: { provider: 'openai', model: 'gpt-4o-mini', status: 'success', cache: 'off' },
    latencyMs: 80,
    ttftMs: null,
    queueWaitMs: 2,
    promptTokens: 10,
    completionTokens: 3,
    cachedTokens: 0,
    costUsd: 0.5,
    savedUsd: 0,
    attempts: [{ provider: 'openai', model: 'gpt-4o-mini', outcome: '200' }],
    ...overrides,
  };
}

describe('RequestMetricsStore', () => {
  const redis = new Redis(REDIS_URL);
  after(() => redis.disconnect());

  test('adds each sample to the hash fields of its own labels, fields named as [metric, labels, part] JSON', async () => {
    const key = `test:metrics:${randomUUID()}`;
    const store = new RequestMetricsStore(redis, key, { flushIntervalMs: 60_000 });
    try {
      await store.record([sample({ latencyMs: 100 }), sample({ latencyMs: 400, attempts: [] })]);
      await store.record([
        sample({
          labels: { provider: 'openai', model: 'gpt-4o', status: 'cached', cache: 'hit-exact' },
          latencyMs: 80,
          ttftMs: 30,
          queueWaitMs: null,
          attempts: [{ provider: 'openai', model: 'gpt-4o', outcome: 'timeout' }],
        }),
      ]);
      await store.close();
      const mini = { provider: 'openai', model: 'gpt-4o-mini' };
      const big = { provider: 'openai', model: 'gpt-4o' };
      const field = (name: string, labels: object, part: string) => JSON.stringify([name, labels, part]);
      const expected = {
        [field('requests_total', { ...mini, status: 'success', cache: 'off' }, 'c')]: '2',
        [field('tokens_total', { ...mini, type: 'prompt' }, 'c')]: '20',
        [field('tokens_total', { ...mini, type: 'completion' }, 'c')]: '6',
        [field('tokens_total', { ...mini, type: 'cached' }, 'c')]: '0',
        [field('cost_usd_total', mini, 'c')]: '1',
        [field('saved_usd_total', mini, 'c')]: '0',
        [field('upstream_attempts_total', { ...mini, outcome: '200' }, 'c')]: '1',
        [field('request_duration_seconds', { ...mini, status: 'success' }, 'b1')]: '1',
        [field('request_duration_seconds', { ...mini, status: 'success' }, 'b3')]: '1',
        [field('request_duration_seconds', { ...mini, status: 'success' }, 'sum')]: '0.5',
        [field('request_duration_seconds', { ...mini, status: 'success' }, 'count')]: '2',
        [field('queue_wait_seconds', { provider: 'openai' }, 'b0')]: '2',
        [field('queue_wait_seconds', { provider: 'openai' }, 'sum')]: '0.004',
        [field('queue_wait_seconds', { provider: 'openai' }, 'count')]: '2',
        [field('requests_total', { ...big, status: 'cached', cache: 'hit-exact' }, 'c')]: '1',
        [field('tokens_total', { ...big, type: 'prompt' }, 'c')]: '10',
        [field('tokens_total', { ...big, type: 'completion' }, 'c')]: '3',
        [field('tokens_total', { ...big, type: 'cached' }, 'c')]: '0',
        [field('cost_usd_total', big, 'c')]: '0.5',
        [field('saved_usd_total', big, 'c')]: '0',
        [field('cache_hits_total', { ...big, kind: 'exact' }, 'c')]: '1',
        [field('upstream_attempts_total', { ...big, outcome: 'timeout' }, 'c')]: '1',
        [field('request_duration_seconds', { ...big, status: 'cached' }, 'b1')]: '1',
        [field('request_duration_seconds', { ...big, status: 'cached' }, 'sum')]: '0.08',
        [field('request_duration_seconds', { ...big, status: 'cached' }, 'count')]: '1',
        [field('time_to_first_token_seconds', big, 'b0')]: '1',
        [field('time_to_first_token_seconds', big, 'sum')]: '0.03',
        [field('time_to_first_token_seconds', big, 'count')]: '1',
      };
      const stored = await redis.hgetall(key);
      assert.deepEqual(
        Object.fromEntries(Object.entries(stored).map(([name, value]) => [name, String(Number(value))])),
        expected,
      );
    } finally {
      await redis.del(key);
    }
  });
});
