import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createQueueCatalog } from '@sluice/queues';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type ObservabilityFixture, startObservabilityFixture } from './observability-fixture';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text exposition → samples. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1] as string] = pair[2] as string;
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

const ALLOWED_LABELS = new Set([
  'provider',
  'model',
  'status',
  'cache',
  'type',
  'kind',
  'outcome',
  'state',
  'le',
  'source',
]);

describe('GET /metrics', () => {
  let fixture: ObservabilityFixture;
  let samples: Sample[];
  const value = (name: string, labels: Record<string, string>) =>
    samples.find(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted) &&
        Object.keys(sample.labels).length === Object.keys(labels).length,
    )?.value;
  const scrape = async () => {
    const response = await fetch(`${fixture.gateway.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return parseExposition(await response.text());
  };

  before(async () => {
    fixture = await startObservabilityFixture();
    const ids: string[] = [];
    const ask = async (model: string, headers: Record<string, string>) => {
      const { response } = await fixture.client.chat.completions
        .create({ model, messages: [{ role: 'user', content: 'measure me' }] }, { headers })
        .withResponse();
      ids.push(response.headers.get('x-sluice-request-id') ?? '');
    };
    await ask('gpt-4o-mini', {
      'x-sluice-user-id': 'alice-unique-user',
      'x-sluice-property-team': 'secret-team-value',
    });
    await ask('gpt-4o-mini-2024-07-18', {});
    await ask('user-typed-model-xyz', {});
    const failed = await fixture.client.chat.completions
      .create({ model: 'doomed', messages: [{ role: 'user', content: 'x' }] })
      .then(
        () => undefined,
        (error: { headers?: Headers }) => error,
      );
    ids.push(failed?.headers?.get('x-sluice-request-id') ?? '');
    await fixture.logged(...ids);
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // the logger flushes metrics once a second
    samples = await scrape();
  });
  after(async () => fixture?.stop());

  test('counts requests, tokens, cost and attempts per provider and model, from the completion events', () => {
    assert.equal(
      value('sluice_requests_total', { provider: 'openai', model: 'gpt-4o-mini', status: 'success', cache: 'off' }),
      2,
      'a dated snapshot counts as its model',
    );
    assert.equal(
      value('sluice_requests_total', { provider: 'openai', model: 'other', status: 'success', cache: 'off' }),
      1,
    );
    assert.equal(
      value('sluice_requests_total', { provider: 'flaky', model: 'gpt-4o-mini', status: 'error', cache: 'off' }),
      1,
    );
    assert.equal(
      value('sluice_upstream_attempts_total', { provider: 'flaky', model: 'gpt-4o-mini', outcome: '500' }),
      1,
    );
    assert.ok((value('sluice_tokens_total', { provider: 'openai', model: 'gpt-4o-mini', type: 'prompt' }) ?? 0) > 0);
    assert.ok((value('sluice_cost_usd_total', { provider: 'openai', model: 'gpt-4o-mini' }) ?? 0) > 0);
  });

  test('latency histograms are cumulative, ending at the count', () => {
    const labels = { provider: 'openai', model: 'gpt-4o-mini', status: 'success' };
    const buckets = samples.filter(
      (sample) =>
        sample.name === 'sluice_request_duration_seconds_bucket' &&
        sample.labels.model === 'gpt-4o-mini' &&
        sample.labels.provider === 'openai',
    );
    assert.ok(buckets.length > 5);
    for (let index = 1; index < buckets.length; index += 1)
      assert.ok((buckets[index]?.value ?? 0) >= (buckets[index - 1]?.value ?? 0));
    assert.equal(buckets.at(-1)?.labels.le, '+Inf');
    assert.equal(buckets.at(-1)?.value, value('sluice_request_duration_seconds_count', labels));
    assert.equal(value('sluice_request_duration_seconds_count', labels), 2);
    assert.ok((value('sluice_request_duration_seconds_sum', labels) ?? 0) > 0);
  });

  test('labels are bounded: providers, known models, enums — never a user, a property or a typed model name', () => {
    for (const sample of samples.filter((candidate) => candidate.name.startsWith('sluice_'))) {
      for (const [label, labelValue] of Object.entries(sample.labels)) {
        assert.ok(ALLOWED_LABELS.has(label), `${sample.name} has label ${label}`);
        assert.ok(!/alice|secret-team|user-typed/.test(labelValue), `${sample.name}{${label}="${labelValue}"}`);
      }
      if (sample.labels.model !== undefined)
        assert.ok(['gpt-4o-mini', 'other'].includes(sample.labels.model), sample.labels.model);
    }
  });

  test('reports queue depth and rate-limit state per provider', async () => {
    assert.equal(value('sluice_queue_depth', { provider: 'openai' }), 0);
    assert.equal(value('sluice_provider_rate_limited', { provider: 'flaky' }), 0);
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const catalog = createQueueCatalog(fixture.gateway.prefix);
    const queue = new Queue(catalog.providerQueue('flaky'), { connection: redis, prefix: catalog.prefix });
    try {
      await queue.rateLimit(30_000);
      samples = await scrape();
      assert.equal(value('sluice_provider_rate_limited', { provider: 'flaky' }), 1);
      assert.ok((value('sluice_provider_rate_limit_remaining_seconds', { provider: 'flaky' }) ?? 0) > 20);
      assert.equal(value('sluice_provider_rate_limited', { provider: 'openai' }), 0);
      const queues = await fixture.get<{ data: { provider: string; rate_limited_ms: number }[] }>(
        '/v1/analytics/queues',
      );
      assert.ok((queues.body.data.find((state) => state.provider === 'flaky')?.rate_limited_ms ?? 0) > 20_000);
      await queue.removeRateLimitKey();
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });

  test('readyz checks Redis and the database', async () => {
    const { status, body } = await fixture.get<{ checks: Record<string, boolean> }>('/readyz');
    assert.equal(status, 200);
    assert.deepEqual(body.checks, { redis: true, database: true });
  });
});
