import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LogPage, LogSummary, RequestLogRecord } from '@sluice/request-log';
import OpenAI from 'openai';
import { type ObservabilityFixture, startObservabilityFixture } from './observability-fixture';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
type ErrorBody = { error: { message: string; type: string; param: string | null } };
type Usage = { prompt_tokens: number; completion_tokens: number };

/** gpt-4o-mini from the built-in table: $0.15 input and $0.60 output per 1M tokens. */
function gpt4oMiniCost(usage: Usage): number {
  return (usage.prompt_tokens * 0.15 + usage.completion_tokens * 0.6) / 1_000_000;
}

/**
 * The request log through the gateway: real requests with properties, users, traces, fallbacks, failures and
 * streams, then /v1/logs, /v1/logs/:id and /v1/analytics/summary read them back.
 */
export function defineLogApiSuite(backend: string, env: () => Record<string, string>): void {
  describe(`request log API on ${backend}`, () => {
    let fixture: ObservabilityFixture;
    const ids: Record<string, string> = {};
    const usages: Record<string, Usage> = {};

    async function chat(name: string, model: string, content: string, headers: Record<string, string>) {
      const { data, response } = await fixture.client.chat.completions
        .create({ model, messages: [{ role: 'user', content }] }, { headers })
        .withResponse();
      ids[name] = response.headers.get('x-sluice-request-id') ?? '';
      if (data.usage) usages[name] = data.usage;
    }

    before(async () => {
      fixture = await startObservabilityFixture(env());
      await chat('fallback', 'resilient', 'first question', {
        'x-sluice-property-team': 'search',
        'x-sluice-user-id': 'u1',
        traceparent: `00-${TRACE}-00f067aa0ba902b7-01`,
      });
      ids.upstreamTraceparent = String(fixture.healthy.stats().lastHeaders.traceparent);
      await chat('search2', 'gpt-4o-mini', 'second question', {
        'x-sluice-property-team': 'search',
        'x-sluice-user-id': 'u1',
        'x-sluice-session-id': 's1',
      });
      await chat('search3', 'gpt-4o-mini', 'third question', {
        'x-sluice-property-team': 'search',
        'x-sluice-property-env': 'prod',
        'x-sluice-user-id': 'u1',
      });
      await chat('ads1', 'gpt-4o-mini', 'an ads question', {
        'x-sluice-property-team': 'ads',
        'x-sluice-user-id': 'u2',
      });
      await chat('private', 'gpt-4o-mini', 'a secret question', {
        'x-sluice-property-team': 'ads',
        'x-sluice-omit-bodies': 'true',
      });
      await chat('same-as-stream', 'gpt-4o-mini', 'stream this answer back to me', {});
      const { data: stream, response } = await fixture.client.chat.completions
        .create(
          {
            model: 'gpt-4o-mini',
            stream: true,
            messages: [{ role: 'user', content: 'stream this answer back to me' }],
          },
          { headers: { 'x-sluice-trace-id': 'checkout-42', 'x-sluice-property-team': 'stream' } },
        )
        .withResponse();
      for await (const chunk of stream) assert.ok(!chunk.usage, 'the client did not ask for usage');
      ids.stream = response.headers.get('x-sluice-request-id') ?? '';
      const failed = await fixture.client.chat.completions
        .create(
          { model: 'doomed', messages: [{ role: 'user', content: 'this fails' }] },
          { headers: { 'x-sluice-property-team': 'ops' } },
        )
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      assert.ok(failed instanceof OpenAI.APIError && failed.status === 502);
      ids.failed = failed.headers?.get('x-sluice-request-id') ?? '';
      await fixture.logged(
        ...Object.entries(ids)
          .filter(([name]) => name !== 'upstreamTraceparent')
          .map(([, id]) => id),
      );
    });
    after(async () => fixture?.stop());

    test('a record carries the SPEC §7 fields, every attempt, and its cost from the pricing table', async () => {
      const { status, body } = await fixture.get<RequestLogRecord>(`/v1/logs/${ids.fallback}`);
      assert.equal(status, 200);
      const usage = usages.fallback as Usage;
      assert.equal(body.id, ids.fallback);
      assert.equal(body.mode, 'sync');
      assert.equal(body.status, 'success');
      assert.equal(body.http_status, 200);
      assert.equal(body.config_id, 'resilient');
      assert.equal(body.requested_model, 'resilient');
      assert.equal(body.served_model, 'gpt-4o-mini');
      assert.equal(body.provider, 'openai');
      assert.deepEqual(
        body.attempts.map((attempt) => [attempt.provider, attempt.status]),
        [
          ['flaky', 500],
          ['openai', 200],
        ],
      );
      assert.equal(body.prompt_tokens, usage.prompt_tokens);
      assert.equal(body.completion_tokens, usage.completion_tokens);
      assert.ok(body.priced && Math.abs(body.cost_usd - gpt4oMiniCost(usage)) < 1e-12, `cost ${body.cost_usd}`);
      assert.deepEqual(body.properties, { team: 'search' });
      assert.equal(body.user_id, 'u1');
      assert.equal(body.cache, 'off');
      assert.ok(body.latency_ms > 0 && (body.queue_wait_ms ?? -1) >= 0 && (body.ttft_ms ?? -1) >= 0);
      assert.ok(Number.isFinite(Date.parse(body.created_at)));
      assert.deepEqual((body.request_body as { messages: unknown }).messages, [
        { role: 'user', content: 'first question' },
      ]);
      assert.equal(
        (body.response_body as { choices: { message: { content: string } }[] }).choices[0]?.message.content,
        'Echo: first question',
      );
      assert.ok(!JSON.stringify(body).includes('sk-sim-observability'), 'no provider key in the record');
    });

    test('the W3C trace continues upstream and is recorded; x-sluice-trace-id is recorded as given', async () => {
      assert.match(ids.upstreamTraceparent ?? '', new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
      assert.notEqual(ids.upstreamTraceparent, `00-${TRACE}-00f067aa0ba902b7-01`, 'the gateway is the new parent span');
      assert.equal((await fixture.get<RequestLogRecord>(`/v1/logs/${ids.fallback}`)).body.trace_id, TRACE);
      assert.equal((await fixture.get<RequestLogRecord>(`/v1/logs/${ids.stream}`)).body.trace_id, 'checkout-42');
      assert.match(
        (await fixture.get<RequestLogRecord>(`/v1/logs/${ids.ads1}`)).body.trace_id ?? '',
        /^[0-9a-f]{32}$/,
        'a trace id is generated',
      );
    });

    test('a stream records the exact usage the provider reported, though the client did not ask for it', async () => {
      const { body } = await fixture.get<RequestLogRecord>(`/v1/logs/${ids.stream}`);
      const expected = usages['same-as-stream'] as Usage;
      assert.equal(body.prompt_tokens, expected.prompt_tokens);
      assert.equal(body.completion_tokens, expected.completion_tokens);
      assert.equal(body.usage_estimated, false);
      assert.ok(body.ttft_ms !== null && body.ttft_ms <= body.latency_ms);
    });

    test('a failed request is logged with its error and attempts; omitted bodies are not stored', async () => {
      const failed = (await fixture.get<RequestLogRecord>(`/v1/logs/${ids.failed}`)).body;
      assert.equal(failed.status, 'error');
      assert.equal(failed.http_status, 502);
      assert.match(failed.error ?? '', /flaky\/gpt-4o-mini: 500/);
      assert.deepEqual(
        failed.attempts.map((attempt) => attempt.status),
        [500],
      );
      const hidden = (await fixture.get<RequestLogRecord>(`/v1/logs/${ids.private}`)).body;
      assert.equal(hidden.request_body, null);
      assert.equal(hidden.response_body, null);
      assert.ok(hidden.prompt_tokens > 0, 'usage is still recorded');
    });

    test('filters by property, user, status and provider; list records carry no bodies', async () => {
      const idsOf = (page: LogPage) => page.data.map((record) => record.id).sort();
      const search = (await fixture.get<LogPage>('/v1/logs?property.team=search')).body;
      assert.deepEqual(idsOf(search), [ids.fallback, ids.search2, ids.search3].sort());
      assert.ok(search.data.every((record) => !('request_body' in record) && !('response_body' in record)));
      assert.deepEqual(idsOf((await fixture.get<LogPage>('/v1/logs?property.team=search&property.env=prod')).body), [
        ids.search3,
      ]);
      assert.deepEqual(idsOf((await fixture.get<LogPage>('/v1/logs?user=u2')).body), [ids.ads1]);
      assert.deepEqual(idsOf((await fixture.get<LogPage>('/v1/logs?status=error')).body), [ids.failed]);
      assert.deepEqual(idsOf((await fixture.get<LogPage>('/v1/logs?provider=flaky')).body), [ids.failed]);
      assert.equal(
        (
          await fixture.get<LogPage>(
            `/v1/logs?to=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`,
          )
        ).body.data.length,
        0,
      );
    });

    test('pages follow the cursor, newest first, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page: LogPage = (await fixture.get<LogPage>(`/v1/logs?limit=3${query}`)).body;
        assert.ok(page.data.length <= 3);
        seen.push(...page.data.map((record) => record.id));
        cursor = page.next_cursor;
        assert.equal(page.has_more, cursor !== null);
      } while (cursor);
      assert.equal(seen.length, 8);
      assert.equal(new Set(seen).size, 8);
      assert.equal(seen[0], ids.failed, 'newest first');
    });

    test('bad queries are 400s naming the parameter; an unknown id is a 404', async () => {
      const cases: [string, string][] = [
        ['/v1/logs?status=bogus', 'status'],
        ['/v1/logs?from=yesterday-ish', 'from'],
        ['/v1/logs?limit=0', 'limit'],
        ['/v1/logs?cursor=not-a-cursor', 'cursor'],
        ['/v1/analytics/summary?group_by=colour', 'group_by'],
        ['/v1/analytics/summary?interval=week', 'interval'],
      ];
      for (const [path, param] of cases) {
        const { status, body } = await fixture.get<ErrorBody>(path);
        assert.equal(status, 400, path);
        assert.equal(body.error.type, 'invalid_request_error');
        assert.equal(body.error.param, param, path);
        assert.match(body.error.message, new RegExp(param), path);
      }
      const missing = await fixture.get<ErrorBody>('/v1/logs/req_does_not_exist');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.type, 'not_found_error');
    });

    test('the summary groups by property, provider and model with counts, tokens and cost', async () => {
      const summary = async (query: string) => (await fixture.get<LogSummary>(`/v1/analytics/summary?${query}`)).body;
      const byTeam = await summary('group_by=property.team');
      assert.equal(byTeam.group_by, 'property.team');
      const teams = Object.fromEntries(byTeam.data.map((row) => [row.group ?? '(none)', row]));
      assert.deepEqual(Object.keys(teams).sort(), ['(none)', 'ads', 'ops', 'search', 'stream']);
      assert.equal(teams.search?.requests, 3);
      assert.equal(teams.ads?.requests, 2);
      assert.equal(teams.ops?.errors, 1);
      const searchUsage = ['fallback', 'search2', 'search3'].map((name) => usages[name] as Usage);
      assert.ok(
        Math.abs((teams.search?.cost_usd ?? 0) - searchUsage.reduce((sum, usage) => sum + gpt4oMiniCost(usage), 0)) <
          1e-10,
      );
      assert.equal(
        teams.search?.prompt_tokens,
        searchUsage.reduce((sum, usage) => sum + usage.prompt_tokens, 0),
      );
      assert.ok((teams.search?.latency_p95_ms ?? 0) >= (teams.search?.latency_p50_ms ?? 0));
      const byProvider = Object.fromEntries(
        (await summary('group_by=provider&interval=hour')).data.map((row) => [row.group, row]),
      );
      assert.equal(byProvider.openai?.requests, 7);
      assert.equal(byProvider.flaky?.errors, 1);
      const total = (await summary('')).data.reduce((sum, row) => sum + row.requests, 0);
      assert.equal(total, 8);
      const filtered = (await summary('group_by=model&status=error')).data;
      assert.deepEqual(
        filtered.map((row) => [row.group, row.requests]),
        [['doomed', 1]],
      );
    });
  });
}
