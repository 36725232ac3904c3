import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import type { CompletionEvent } from '@sluice/queues';
import {
  latencySlot,
  parseLogSummaryParams,
  RequestLogReader,
  RequestLogWriter,
  type SummaryRow,
  slotBounds,
} from '@sluice/request-log';
import { makeCompletionEvent } from './completion-event-factory';
import type { SuiteContext } from './request-log-suite';

const close = (actual: number | null | undefined, expected: number) =>
  assert.ok(
    actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-9,
    `expected ${expected}, got ${actual}`,
  );

/** A rollup percentile: within the width of the histogram bucket holding the exact value. */
export const withinBucket = (actual: number | null | undefined, exact: number) => {
  const { lower, upper } = slotBounds(latencySlot(exact));
  assert.ok(
    actual !== null && actual !== undefined && Math.abs(actual - exact) <= upper - lower + 1e-9,
    `expected ${exact} within one bucket (${lower}…${upper}), got ${actual}`,
  );
};

export function defineSummaryTests(context: SuiteContext): void {
  const write = (events: CompletionEvent[]) => new RequestLogWriter({ database: context.database }).writeBatch(events);
  const reader = () => new RequestLogReader({ database: context.database });
  const window = { from: '2026-05-10T00:00:00Z', to: '2026-05-11T00:00:00Z' };
  const find = (rows: SummaryRow[], bucket: string, group: string | null) => {
    const row = rows.find((candidate) => candidate.bucket === bucket && candidate.group === group);
    assert.ok(row, `no row for ${bucket} / ${group}`);
    return row;
  };

  // Hour 10: three gpt-4o-mini requests (one failed) and two claude-3-5-haiku (one a cache hit); hour 11: one more.
  const mini = { served_model: 'gpt-4o-mini-2024-07-18', prompt_tokens: 1_000, completion_tokens: 100 };
  const haiku = {
    served_model: 'claude-3-5-haiku-20241022',
    provider: 'anthropic',
    prompt_tokens: 2_000,
    completion_tokens: 200,
  };
  const events = () => [
    makeCompletionEvent({
      ...mini,
      created_at: '2026-05-10T10:05:00Z',
      latency_ms: 100,
      cache: 'miss',
      properties: { team: 'search' },
      user_id: 'u1',
    }),
    makeCompletionEvent({
      ...mini,
      created_at: '2026-05-10T10:10:00Z',
      latency_ms: 200,
      cache: 'miss',
      properties: { team: 'search' },
      user_id: 'u1',
    }),
    makeCompletionEvent({
      ...mini,
      created_at: '2026-05-10T10:15:00Z',
      latency_ms: 300,
      status: 'error',
      http_status: 502,
      prompt_tokens: 0,
      completion_tokens: 0,
      user_id: 'u2',
    }),
    makeCompletionEvent({
      ...haiku,
      created_at: '2026-05-10T10:20:00Z',
      latency_ms: 400,
      cache: 'miss',
      properties: { team: 'ads' },
      user_id: 'u2',
    }),
    makeCompletionEvent({
      ...haiku,
      created_at: '2026-05-10T10:25:00Z',
      latency_ms: 10,
      status: 'cached',
      cache: 'hit-exact',
      properties: { team: 'ads' },
      user_id: 'u2',
    }),
    makeCompletionEvent({ ...mini, created_at: '2026-05-10T11:30:00Z', latency_ms: 50, cache: 'off', user_id: 'u1' }),
  ];
  // gpt-4o-mini: 1,000 × 0.15/1M + 100 × 0.60/1M = 0.00021; claude-3-5-haiku: 2,000 × 0.80/1M + 200 × 4/1M = 0.0024.

  describe('RequestLogReader.summary', () => {
    it('groups by model per hour with counts, tokens, cost, savings, latency and cache hit rate', async () => {
      await write(events());
      const summary = await reader().summary({ ...window, groupBy: 'model', interval: 'hour' });
      assert.deepEqual(
        [summary.from, summary.to, summary.interval, summary.group_by],
        ['2026-05-10T00:00:00.000Z', '2026-05-11T00:00:00.000Z', 'hour', 'model'],
      );
      assert.equal(summary.data.length, 3);
      const miniTen = find(summary.data, '2026-05-10T10:00:00Z', 'gpt-4o-mini-2024-07-18');
      assert.deepEqual(
        [
          miniTen.requests,
          miniTen.errors,
          miniTen.prompt_tokens,
          miniTen.completion_tokens,
          miniTen.cache_hits,
          miniTen.cache_lookups,
        ],
        [3, 1, 2_000, 200, 0, 2],
      );
      close(miniTen.cost_usd, 0.00042);
      withinBucket(miniTen.latency_p50_ms, 200);
      assert.equal(miniTen.cache_hit_rate, 0);
      const haikuTen = find(summary.data, '2026-05-10T10:00:00Z', 'claude-3-5-haiku-20241022');
      assert.deepEqual([haikuTen.requests, haikuTen.errors, haikuTen.cache_hits], [2, 0, 1]);
      close(haikuTen.cost_usd, 0.0024);
      close(haikuTen.saved_usd, 0.0024);
      assert.equal(haikuTen.cache_hit_rate, 0.5);
      const miniEleven = find(summary.data, '2026-05-10T11:00:00Z', 'gpt-4o-mini-2024-07-18');
      assert.deepEqual([miniEleven.requests, miniEleven.cache_lookups, miniEleven.cache_hit_rate], [1, 0, null]);
    });

    it('counts per minute from the rows, for short ranges', async () => {
      await write(events());
      const summary = await reader().summary({
        from: '2026-05-10T10:00:00Z',
        to: '2026-05-10T10:30:00Z',
        interval: 'minute',
      });
      assert.equal(summary.interval, 'minute');
      assert.deepEqual(
        summary.data.map((row) => [row.bucket, row.requests, row.errors]),
        [
          ['2026-05-10T10:05:00Z', 1, 0],
          ['2026-05-10T10:10:00Z', 1, 0],
          ['2026-05-10T10:15:00Z', 1, 1],
          ['2026-05-10T10:20:00Z', 1, 0],
          ['2026-05-10T10:25:00Z', 1, 0],
        ],
      );
      close(find(summary.data, '2026-05-10T10:20:00Z', null).cost_usd, 0.0024);
      assert.equal(find(summary.data, '2026-05-10T10:25:00Z', null).cache_hit_rate, 1);
    });

    it('groups by session and filters one session, from the rows', async () => {
      const step = (session: string | null, created_at: string) =>
        makeCompletionEvent({ ...mini, created_at, latency_ms: 100, session_id: session });
      await write([
        step('run-1', '2026-05-10T10:00:00Z'),
        step('run-1', '2026-05-10T10:00:05Z'),
        step('run-2', '2026-05-10T10:01:00Z'),
        step(null, '2026-05-10T10:02:00Z'),
      ]);
      const bySession = await reader().summary({ ...window, groupBy: 'session' });
      assert.deepEqual(
        bySession.data.map((row) => [row.group, row.requests]),
        [
          ['run-1', 2],
          ['run-2', 1],
          [null, 1],
        ],
      );
      const one = await reader().summary({ ...window, session: 'run-1' });
      assert.deepEqual(
        one.data.map((row) => row.requests),
        [2],
      );
      const page = await reader().list({ ...window, session: 'run-1' });
      assert.equal(page.data.length, 2);
      assert.ok(page.data.every((record) => record.session_id === 'run-1'));
    });

    it('groups by provider, user and custom property, per day', async () => {
      await write(events());
      const groups = async (groupBy: 'provider' | 'user' | `property.${string}`) =>
        Object.fromEntries(
          (await reader().summary({ ...window, groupBy })).data.map((row) => [String(row.group), row.requests]),
        );
      assert.deepEqual(await groups('provider'), { openai: 4, anthropic: 2 });
      assert.deepEqual(await groups('user'), { u1: 3, u2: 3 });
      assert.deepEqual(await groups('property.team'), { search: 2, ads: 2, null: 2 });
      const day = (await reader().summary({ ...window, groupBy: 'property.team' })).data;
      assert.ok(day.every((row) => row.bucket === '2026-05-10T00:00:00Z'));
      close(find(day, '2026-05-10T00:00:00Z', 'search').cost_usd, 0.00042);
    });

    it('applies the log filters and defaults to one group over the last 7 days', async () => {
      await write(events());
      const filtered = await reader().summary({ ...window, provider: 'anthropic' });
      assert.deepEqual(
        filtered.data.map((row) => [row.group, row.requests]),
        [[null, 2]],
      );
      const clock = () => new Date('2026-05-12T00:00:00Z');
      const recent = await new RequestLogReader({ database: context.database, clock }).summary();
      assert.equal(recent.from, '2026-05-05T00:00:00.000Z');
      assert.deepEqual(
        recent.data.map((row) => row.requests),
        [6],
      );
    });

    it('computes latency percentiles exactly from rows, and within a histogram bucket from rollups', async () => {
      const latencies = Array.from({ length: 100 }, (_, index) =>
        makeCompletionEvent({ created_at: '2026-05-10T08:00:00Z', latency_ms: index + 1 }),
      );
      await write(latencies);
      const [exact] = (await reader().summary({ ...window, provider: 'openai' })).data;
      assert.equal(exact?.requests, 100);
      close(exact?.latency_p50_ms, 50.5);
      close(exact?.latency_p95_ms, 95.05);
      close(exact?.latency_p99_ms, 99.01);
      const [rolled] = (await reader().summary(window)).data;
      assert.equal(rolled?.requests, 100);
      withinBucket(rolled?.latency_p50_ms, 50.5);
      withinBucket(rolled?.latency_p95_ms, 95.05);
      withinBucket(rolled?.latency_p99_ms, 99.01);
    });

    it('names bad parameters', async () => {
      assert.throws(
        () => parseLogSummaryParams({ group_by: 'color', interval: 'week' }),
        (error: unknown) => {
          assert.ok(error instanceof InvalidRequestError);
          assert.deepEqual(error.problems.map((problem) => problem.path).sort(), ['group_by', 'interval']);
          return true;
        },
      );
      assert.equal(parseLogSummaryParams({ group_by: 'property.team' }).groupBy, 'property.team');
      assert.equal(parseLogSummaryParams({ group_by: 'user' }).limit, 20);
      assert.equal(parseLogSummaryParams({ group_by: 'user', limit: '1000' }).limit, 1000);
      for (const limit of ['0', '1001', 'all'])
        assert.throws(
          () => parseLogSummaryParams({ group_by: 'user', limit }),
          (error: unknown) => error instanceof InvalidRequestError && error.param === 'limit',
        );
      await assert.rejects(
        reader().summary({ from: '2020-01-01', to: '2026-01-01', interval: 'hour' }),
        (error: unknown) => {
          assert.ok(error instanceof InvalidRequestError);
          assert.equal(error.param, 'from');
          return true;
        },
      );
    });
  });
}
