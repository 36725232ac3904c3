import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionEvent } from '@sluice/queues';
import {
  histogramPercentile,
  type LogSummary,
  latencySlot,
  RequestLogReader,
  RequestLogWriter,
  type SummaryGroupBy,
  slotBounds,
} from '@sluice/request-log';
import { makeCompletionEvent } from './completion-event-factory';
import type { SuiteContext } from './request-log-suite';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const START = Date.parse('2026-05-10T00:00:00Z');
const HOUR = 3_600_000;

/** Varied requests over three days: every dimension has nulls, several values, and uneven latencies. */
export function variedEvents(count: number, seed = 7): CompletionEvent[] {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  return Array.from({ length: count }, (_, index) => {
    const status = pick(['success', 'success', 'success', 'error', 'cached'] as const);
    const model = pick([
      ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 'openai'],
      ['fast', 'claude-3-5-haiku-20241022', 'anthropic'],
      ['gemini-2.0-flash', null, null],
    ] as const);
    const team = pick(['search', 'ads', 'infra', undefined]);
    return makeCompletionEvent({
      id: `rollup_${seed}_${index}`,
      created_at: new Date(START + Math.floor(next() * 72 * HOUR)).toISOString(),
      requested_model: model[0],
      served_model: model[1],
      provider: model[2],
      status,
      http_status: status === 'error' ? 502 : 200,
      cache: status === 'cached' ? pick(['hit-exact', 'hit-semantic'] as const) : pick(['miss', 'off'] as const),
      prompt_tokens: Math.floor(next() * 3_000),
      completion_tokens: Math.floor(next() * 500),
      cached_tokens: Math.floor(next() * 100),
      latency_ms: Math.round(0.5 + 20_000 * next() ** 3 * 1000) / 1000,
      user_id: pick(['u1', 'u2', 'u3', null]),
      virtual_key_id: pick(['vk_a', 'vk_b', null]),
      properties: team === undefined ? { env: pick(['prod', 'dev']) } : { team, env: 'prod' },
    });
  });
}

type GroupKey = (event: CompletionEvent) => string | null;

const GROUP_KEYS: Record<string, GroupKey> = {
  none: () => null,
  model: (event) => event.served_model ?? event.requested_model,
  provider: (event) => event.provider,
  user: (event) => event.user_id,
  'property.team': (event) => event.properties.team ?? null,
};

/** The groups a summary with `limit` keeps: the most requests in the window first, ties by name (never null). */
function keptGroups(events: readonly CompletionEvent[], groupKey: GroupKey, window: Window, limit: number): string[] {
  const counts = new Map<string, number>();
  for (const event of eventsIn(events, window)) {
    const group = groupKey(event);
    if (group !== null) counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a, left], [b, right]) => right - left || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([group]) => group);
}

interface Window {
  from: string;
  to: string;
}

function eventsIn(events: readonly CompletionEvent[], window: Window): CompletionEvent[] {
  const [from, to] = [Date.parse(window.from), Date.parse(window.to)];
  return events.filter((event) => Date.parse(event.created_at) >= from && Date.parse(event.created_at) < to);
}

/** A group key that answers OTHER for every group beyond the kept ones. */
function limitedKey(groupKey: GroupKey, kept: readonly string[]): GroupKey {
  return (event) => {
    const group = groupKey(event);
    return group === null || kept.includes(group) ? group : OTHER;
  };
}

const OTHER = '(other)';

/**
 * Asserts the rollup summary equals the exact one: the same buckets and groups, equal counts and sums, and each
 * percentile within the histogram buckets of the two values percentile_cont interpolates between (none on the
 * other row). `groupKey` gives an event's answer group (OTHER for a group beyond the limit).
 */
export function assertRollupsMatch(
  rolled: LogSummary,
  exact: LogSummary,
  events: readonly CompletionEvent[],
  groupKey: GroupKey,
): void {
  const key = (row: { bucket: string; group: string | null; other?: true }) =>
    `${row.bucket}|${row.other ? OTHER : row.group}`;
  assert.deepEqual(rolled.data.map(key), exact.data.map(key));
  const from = Date.parse(exact.from);
  const to = Date.parse(exact.to);
  const size = exact.interval === 'hour' ? HOUR : 24 * HOUR;
  const latencies = new Map<string, number[]>();
  for (const event of events) {
    const at = Date.parse(event.created_at);
    if (at < from || at >= to) continue;
    const bucket = `${new Date(Math.floor(at / size) * size).toISOString().slice(0, 19)}Z`;
    const group = `${bucket}|${groupKey(event)}`;
    latencies.set(group, [...(latencies.get(group) ?? []), event.latency_ms]);
  }
  exact.data.forEach((expected, index) => {
    const actual = rolled.data[index];
    assert.ok(actual);
    const where = `${key(expected)} (${exact.interval}, ${exact.group_by})`;
    for (const field of ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens'] as const)
      assert.equal(actual[field], expected[field], `${field} of ${where}`);
    for (const field of ['cache_hits', 'cache_lookups', 'cache_hit_rate'] as const)
      assert.equal(actual[field], expected[field], `${field} of ${where}`);
    for (const field of ['cost_usd', 'saved_usd'] as const)
      assert.ok(Math.abs(actual[field] - expected[field]) < 1e-9, `${field} of ${where}`);
    const sorted = [...(latencies.get(key(expected)) ?? [])].sort((a, b) => a - b);
    assert.equal(sorted.length, expected.requests, `requests of ${where} counted from the events`);
    if (expected.other) {
      assert.equal(actual.other, true, `other of ${where}`);
      for (const field of ['latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms'] as const)
        assert.deepEqual([actual[field], expected[field]], [null, null], `${field} of ${where}`);
      return;
    }
    for (const [p, field] of [
      [0.5, 'latency_p50_ms'],
      [0.95, 'latency_p95_ms'],
      [0.99, 'latency_p99_ms'],
    ] as const) {
      const rank = p * (sorted.length - 1);
      const low = slotBounds(latencySlot(sorted[Math.floor(rank)] ?? 0)).lower;
      const high = slotBounds(latencySlot(sorted[Math.ceil(rank)] ?? 0)).upper;
      const value = actual[field];
      assert.ok(value !== null && value >= low - 1e-9 && value <= high + 1e-9, `${field} of ${where}: ${value}`);
      assert.ok(expected[field] !== null && expected[field] >= low && expected[field] <= high);
    }
  });
}

/** Aligned and unaligned windows: whole days, partial days and hours at either end, under an hour, across midnight. */
const WINDOWS = [
  { from: '2026-05-10T00:00:00Z', to: '2026-05-13T00:00:00Z' },
  { from: '2026-05-10T05:17:23.250Z', to: '2026-05-12T19:41:07Z' },
  { from: '2026-05-11T03:10:00Z', to: '2026-05-11T03:50:00Z' },
  { from: '2026-05-11T03:10:00Z', to: '2026-05-11T09:50:00Z' },
  { from: '2026-05-10T22:00:00Z', to: '2026-05-11T02:00:00Z' },
];

export function defineRollupTests(context: SuiteContext): void {
  const writer = () => new RequestLogWriter({ database: context.database });
  const reader = () => new RequestLogReader({ database: context.database });
  const groupings: (SummaryGroupBy | undefined)[] = [undefined, 'model', 'provider', 'user', 'property.team'];
  /** 600 varied events, written in batches of 150. */
  const writeVaried = async (seed: number) => {
    const events = variedEvents(600, seed);
    for (let start = 0; start < events.length; start += 150)
      await writer().writeBatch(events.slice(start, start + 150));
    return events;
  };
  /**
   * Every rollup row's requests and histogram, checked whole: each row has one, its counts add up to the row's
   * requests, and the row's stored percentiles are the ones it places.
   */
  const checkedHistograms = async () => {
    const { rows } = await context.database.query<{
      latency_histogram: number[] | null;
      requests: number;
      latency_p50_ms: number | null;
      latency_p95_ms: number | null;
      latency_p99_ms: number | null;
    }>(
      `SELECT latency_histogram, requests::int AS requests, latency_p50_ms, latency_p95_ms, latency_p99_ms
       FROM request_log_rollups LEFT JOIN request_log_rollup_histograms ON rollup_id = id`,
    );
    return rows.map((row) => {
      const histogram = row.latency_histogram;
      assert.ok(histogram !== null, 'every rollup row has its histogram');
      assert.equal(
        histogram.reduce((sum, count) => sum + count, 0),
        row.requests,
      );
      assert.equal(row.latency_p50_ms, histogramPercentile(histogram, 0.5));
      assert.equal(row.latency_p95_ms, histogramPercentile(histogram, 0.95));
      assert.equal(row.latency_p99_ms, histogramPercentile(histogram, 0.99));
      return row.requests;
    });
  };

  describe('rollups', () => {
    it('equal the exact aggregates on the same rows, for every grouping, interval and window', async () => {
      const events = await writeVaried(7);
      for (const window of WINDOWS) {
        for (const groupBy of groupings) {
          for (const interval of ['hour', 'day'] as const) {
            const query = { ...window, groupBy, interval };
            const [rolled, exact] = [await reader().summary(query), await reader().exactSummary(query)];
            assertRollupsMatch(rolled, exact, events, GROUP_KEYS[groupBy ?? 'none'] as GroupKey);
          }
        }
      }
    });

    it('keep the groups with the most requests and add the rest into one other row per bucket, as the rows do', async () => {
      const events = await writeVaried(13);
      let otherRows = 0;
      for (const window of WINDOWS) {
        for (const [groupBy, limit] of [
          ['model', 1],
          ['user', 2],
          ['property.team', 2],
        ] as const) {
          for (const interval of ['hour', 'day'] as const) {
            const query = { ...window, groupBy, interval, limit };
            const [rolled, exact] = [await reader().summary(query), await reader().exactSummary(query)];
            const groupKey = GROUP_KEYS[groupBy] as GroupKey;
            const kept = keptGroups(events, groupKey, window, limit);
            assert.equal(rolled.limit, limit);
            const answered = new Set(rolled.data.flatMap((row) => (row.group === null ? [] : [row.group])));
            assert.ok(
              [...answered].every((group) => kept.includes(group)),
              `${groupBy}: ${[...answered]} ⊆ ${kept}`,
            );
            assertRollupsMatch(rolled, exact, events, limitedKey(groupKey, kept));
            otherRows += rolled.data.filter((row) => row.other).length;
          }
        }
      }
      assert.ok(otherRows > 20, `the limits leave groups out (${otherRows} other rows)`);
    });

    it("keep each row's percentiles as its merged histogram places them, after every increment", async () => {
      const events = variedEvents(400, 5);
      for (let start = 0; start < events.length; start += 50)
        await writer().writeBatch(events.slice(start, start + 50));
      const requests = await checkedHistograms();
      assert.ok(
        requests.some((count) => count > 50),
        'some rows were incremented by several batches',
      );
    });

    it('keep whole histograms when writers increment the same new rows at once', async () => {
      const events = variedEvents(600, 17);
      const slices = [0, 1, 2, 3, 4, 5].map((part) => events.filter((_, index) => index % 6 === part));
      // Six writers at once: each batch's rollup rows are new to all but the writer that inserts them first.
      await Promise.all(slices.map((slice) => writer().writeBatch(slice)));
      await checkedHistograms();
      const window = { from: '2026-05-10T00:00:00Z', to: '2026-05-13T00:00:00Z', groupBy: 'user' as const };
      assertRollupsMatch(
        await reader().summary(window),
        await reader().exactSummary(window),
        events,
        GROUP_KEYS.user as GroupKey,
      );
    });

    it('keep whole histograms when writers increment the same stored rows at once', async () => {
      const events = variedEvents(700, 19);
      await writer().writeBatch(events.slice(0, 100));
      const rest = events.slice(100);
      const slices = [0, 1, 2, 3, 4, 5].map((part) => rest.filter((_, index) => index % 6 === part));
      // Six writers at once, each reading the stored rows before its upsert: the others' increments land in between.
      await Promise.all(slices.map((slice) => writer().writeBatch(slice)));
      const requests = await checkedHistograms();
      assert.ok(
        requests.some((count) => count > 100),
        'rows stored by the first batch were incremented by the writers',
      );
      const window = { from: '2026-05-10T00:00:00Z', to: '2026-05-13T00:00:00Z', groupBy: 'property.team' as const };
      assertRollupsMatch(
        await reader().summary(window),
        await reader().exactSummary(window),
        events,
        GROUP_KEYS['property.team'] as GroupKey,
      );
    });

    it('count a redelivered request once, in the same transaction as its row', async () => {
      const events = variedEvents(200, 11);
      await writer().writeBatch(events.slice(0, 120));
      const again = await writer().writeBatch(events);
      assert.deepEqual([again.inserted, again.duplicates], [80, 120]);
      await writer().writeBatch(events.slice(50, 150));
      const { rows } = await context.database.query<{ span: string; requests: number }>(
        `SELECT span, sum(requests)::int AS requests FROM request_log_rollups WHERE dimension = '' GROUP BY span ORDER BY span`,
      );
      assert.deepEqual(rows, [
        { span: 'day', requests: 200 },
        { span: 'hour', requests: 200 },
      ]);
      const window = { from: '2026-05-10T00:00:00Z', to: '2026-05-13T00:00:00Z', groupBy: 'model' as const };
      assertRollupsMatch(
        await reader().summary(window),
        await reader().exactSummary(window),
        events,
        GROUP_KEYS.model as GroupKey,
      );
    });
  });
}
