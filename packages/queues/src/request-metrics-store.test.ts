import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { RequestMetricSample } from './request-metric-sample';
import { RequestMetricsStore } from './request-metrics-store';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const sample = (overrides: Partial<RequestMetricSample> = {}): RequestMetricSample => ({
  labels: { provider: 'openai', model: 'gpt-4o-mini', status: 'success', cache: 'miss' },
  latencyMs: 300,
  ttftMs: null,
  queueWaitMs: 2,
  promptTokens: 20,
  completionTokens: 5,
  cachedTokens: 0,
  costUsd: 0.25,
  savedUsd: 0,
  attempts: [{ provider: 'openai', model: 'gpt-4o-mini', outcome: '200' }],
  ...overrides,
});

describe('request metrics store', () => {
  let redis: Redis;
  let key: string;
  let store: RequestMetricsStore;

  beforeEach(() => {
    redis = new Redis(REDIS_URL);
    key = `metrics-${randomUUID().slice(0, 12)}:requests`;
    store = new RequestMetricsStore(redis, key, {
      flushIntervalMs: 60_000,
      onError: (error) => assert.fail(String(error)),
    });
  });
  afterEach(async () => {
    await store.close();
    await redis.del(key);
    redis.disconnect();
  });

  test('sums the samples of each label set into the shared hash, one field per metric, labels and part', async () => {
    await store.record([sample(), sample({ latencyMs: 2_000, costUsd: 0.5 })]);
    await store.record([
      sample({
        labels: { provider: 'openai', model: 'gpt-4o-mini', status: 'error', cache: 'hit-exact' },
        ttftMs: 40,
        queueWaitMs: null,
        attempts: [
          { provider: 'openai', model: 'gpt-4o-mini', outcome: '429' },
          { provider: 'openai', model: 'gpt-4o-mini', outcome: '200' },
        ],
      }),
    ]);
    await store.flush();
    const hash = await redis.hgetall(key);
    const field = (name: string, labels: Record<string, string>, part: string) =>
      Number(hash[JSON.stringify([name, labels, part])]);
    const model = { provider: 'openai', model: 'gpt-4o-mini' };
    assert.equal(field('requests_total', { ...model, status: 'success', cache: 'miss' }, 'c'), 2);
    assert.equal(field('requests_total', { ...model, status: 'error', cache: 'hit-exact' }, 'c'), 1);
    assert.equal(field('tokens_total', { ...model, type: 'prompt' }, 'c'), 60);
    assert.equal(field('cost_usd_total', model, 'c'), 1);
    assert.equal(field('cache_hits_total', { ...model, kind: 'exact' }, 'c'), 1);
    assert.equal(field('upstream_attempts_total', { ...model, outcome: '200' }, 'c'), 3);
    assert.equal(field('upstream_attempts_total', { ...model, outcome: '429' }, 'c'), 1);
    // 0.3 s falls in the 0.5 bucket (index 3), 2 s in the 2.5 bucket (index 5); the histograms are per status.
    const success = { ...model, status: 'success' };
    assert.equal(field('request_duration_seconds', success, 'b3'), 1);
    assert.equal(field('request_duration_seconds', success, 'b5'), 1);
    assert.equal(field('request_duration_seconds', success, 'count'), 2);
    assert.equal(field('request_duration_seconds', success, 'sum'), 2.3);
    assert.equal(field('time_to_first_token_seconds', model, 'b0'), 1);
    assert.equal(field('queue_wait_seconds', { provider: 'openai' }, 'count'), 2);
  });

  test('reads back as cumulative histograms and counters, summed across flushes', async () => {
    await store.record([sample({ latencyMs: 400_000 })]);
    await store.flush();
    await store.record([sample({ latencyMs: 10 })]);
    await store.flush();
    const snapshot = await store.snapshot();
    const duration = snapshot.histograms.find(
      (series) => series.name === 'request_duration_seconds' && series.labels.status === 'success',
    );
    // 0.01 s in the first bucket; 400 s beyond every bound, counted only in +Inf.
    assert.deepEqual(duration?.cumulative, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    assert.equal(duration?.count, 2);
    const requests = snapshot.counters.find((series) => series.name === 'requests_total');
    assert.deepEqual(requests, {
      name: 'requests_total',
      labels: { provider: 'openai', model: 'gpt-4o-mini', status: 'success', cache: 'miss' },
      value: 2,
    });
  });
});
