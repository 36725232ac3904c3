import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PriceBook, RequestLogReader, RequestLogWriter } from '@sluice/request-log';
import { makeCompletionEvent, storedApart } from './completion-event-factory';
import type { SuiteContext } from './request-log-suite';

export function defineWriterTests(context: SuiteContext): void {
  const writer = () => new RequestLogWriter({ database: context.database });
  const reader = () => new RequestLogReader({ database: context.database });
  const countRows = async () =>
    (await context.database.query<{ count: number }>('SELECT count(*)::int AS count FROM request_logs')).rows[0]?.count;

  describe('RequestLogWriter', () => {
    it('stores every field of the event, with the cost computed from the pricing table', async () => {
      const event = makeCompletionEvent({
        id: 'req_complete',
        created_at: '2026-03-01T10:00:00.123Z',
        mode: 'async',
        job_id: 'job_1',
        virtual_key_id: 'vk_1',
        config_id: 'default',
        config_version: 3,
        requested_model: 'fast',
        served_model: 'gpt-4o-2024-08-06',
        attempts: [
          { provider: 'openai', model: 'gpt-4o', status: 429, latency_ms: 30, error: 'rate limited' },
          { provider: 'openai', model: 'gpt-4o', status: 200, latency_ms: 900 },
        ],
        prompt_tokens: 10_000,
        completion_tokens: 1_000,
        cached_tokens: 4_000,
        latency_ms: 1234.5,
        ttft_ms: 210,
        queue_wait_ms: 12,
        cache: 'miss',
        properties: { team: 'search', env: 'prod' },
        metadata: { plan: 'paid', nested: { list: [1, 2] } },
        user_id: 'user_1',
        session_id: 'session_1',
        trace_id: 'trace_1',
        prompt_id: 'greeting',
        prompt_version: 2,
        ip: '203.0.113.9',
        request_body: { model: 'fast', messages: [{ role: 'user', content: 'hi' }] },
        response_body: { id: 'chatcmpl-1', choices: [] },
      });
      assert.deepEqual(await writer().writeBatch([event]), { inserted: 1, duplicates: 0, rejected: [] });
      // gpt-4o: 6,000 uncached × $2.50/1M + 4,000 cached × $1.25/1M + 1,000 output × $10/1M = $0.03.
      assert.deepEqual(await reader().get('req_complete'), {
        ...event,
        cost_usd: 0.03,
        saved_usd: 0,
        priced: true,
        usage_estimated: false,
      });
    });

    it('records a cache hit as free, with what it would have cost as saved_usd', async () => {
      const event = makeCompletionEvent({
        status: 'cached',
        cache: 'hit-exact',
        served_model: 'claude-sonnet-4-20250514',
        prompt_tokens: 12_200,
        completion_tokens: 500,
        cached_tokens: 10_000,
        cache_write_tokens: 2_000,
      });
      await writer().writeBatch([event]);
      const record = await reader().get(event.id);
      assert.equal(record?.cost_usd, 0);
      assert.equal(record?.saved_usd, 0.0186);
      assert.equal(record?.priced, true);
    });

    it('logs an unknown model at cost 0 with priced false, and uses config overrides', async () => {
      const unknown = makeCompletionEvent({ served_model: 'my-finetune' });
      await writer().writeBatch([unknown]);
      assert.deepEqual(
        { cost: (await reader().get(unknown.id))?.cost_usd, priced: (await reader().get(unknown.id))?.priced },
        { cost: 0, priced: false },
      );
      const priced = makeCompletionEvent({
        served_model: 'my-finetune',
        prompt_tokens: 1_000_000,
        completion_tokens: 1_000_000,
      });
      const overridden = new RequestLogWriter({
        database: context.database,
        priceBook: new PriceBook({ 'my-finetune': { input: 0.5, output: 1.5 } }),
      });
      await overridden.writeBatch([priced]);
      assert.equal((await reader().get(priced.id))?.cost_usd, 2);
    });

    it('writes each request once however often its batch is delivered', async () => {
      const batch = Array.from({ length: 20 }, () => makeCompletionEvent());
      assert.deepEqual(await writer().writeBatch(batch), { inserted: 20, duplicates: 0, rejected: [] });
      assert.deepEqual(await writer().writeBatch(batch), { inserted: 0, duplicates: 20, rejected: [] });
      const [first] = batch;
      assert.ok(first);
      assert.deepEqual(await writer().writeBatch([first, first, makeCompletionEvent()]), {
        inserted: 1,
        duplicates: 2,
        rejected: [],
      });
      assert.equal(await countRows(), 21);
    });

    it("stores an import's prepared requests as the requests they came from: rows, bodies, rollups, each once", async () => {
      const events = [
        makeCompletionEvent({ created_at: '2026-03-02T00:30:00.5+01:00', properties: { team: 'search' } }),
        makeCompletionEvent({ error: 'bad\u0000byte', user_id: 'user_1', metadata: { tab: 'a\tb' } }),
        makeCompletionEvent({
          request_body: {
            model: 'gpt-4o-mini',
            messages: [
              { role: 'system', content: storedApart('Be terse.') },
              { role: 'user', content: 'hi' },
            ],
          },
        }),
      ];
      const requests = await Promise.all(events.map((event) => writer().requestFrom(event)));
      const prepared = requests.map((request) => writer().prepareRequest(request));
      // On PostgreSQL all but the request with earlier turns to store apart; PGlite takes no COPY.
      const preparedCount = prepared.filter((request) => !('event' in request)).length;
      assert.equal(preparedCount, context.database.kind === 'postgres' ? 2 : 0);
      const stored = await writer().storeRequests(prepared, { expectNew: true });
      assert.deepEqual([stored.inserted, stored.duplicates, stored.stored.length], [3, 0, 3 - preparedCount]);
      assert.deepEqual((await writer().storeRequests(requests)).duplicates, 3);
      const logged = async () => ({
        rows: await Promise.all(events.map((event) => reader().get(event.id))),
        rollups: (
          await context.database.query(
            `SELECT span, dimension, bucket, virtual_key_id, value, requests, errors, prompt_tokens, cost_usd,
               latency_p50_ms FROM request_log_rollups ORDER BY span, dimension, bucket, virtual_key_id, value`,
          )
        ).rows,
      });
      const fromPrepared = await logged();
      await context.database.exec(
        'TRUNCATE request_logs, request_log_bodies, request_log_turns, request_log_rollups, request_log_rollup_histograms',
      );
      await writer().storeRequests(requests, { expectNew: true });
      assert.deepEqual(fromPrepared, await logged());
      assert.equal(fromPrepared.rows[0]?.created_at, '2026-03-01T23:30:00.500Z');
    });

    it('writes a batch larger than one statement takes once, bodies and rollups included', async () => {
      // 30 requests of ~100 KB: several JSON parameters on PGlite (MAX_ROWS_PARAMETER_CHARS), one COPY on PostgreSQL.
      const content = 'word '.repeat(20_000);
      const batch = Array.from({ length: 30 }, () =>
        makeCompletionEvent({ request_body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content }] } }),
      );
      assert.deepEqual(await writer().writeBatch(batch), { inserted: 30, duplicates: 0, rejected: [] });
      assert.deepEqual(await writer().writeBatch(batch), { inserted: 0, duplicates: 30, rejected: [] });
      assert.equal(await countRows(), 30);
      const last = batch.at(-1);
      assert.deepEqual((await reader().get(last?.id ?? ''))?.request_body, last?.request_body);
      const rollups = await context.database.query<{ requests: number }>(
        `SELECT sum(requests)::int AS requests FROM request_log_rollups WHERE dimension = '' AND span = 'hour'`,
      );
      assert.equal(rollups.rows[0]?.requests, 30);
    });

    it('stores awkward text as sent (COPY escapes, NUL dropped, lone surrogates replaced) and rejects a bad event alone', async () => {
      const good = makeCompletionEvent({
        error: 'bad\u0000byte',
        user_id: 'NULL',
        session_id: '',
        trace_id: 'a "quoted", {braced} \\ value',
        ip: '\\N',
        prompt_id: 'tab\there, line\nbreak, return\r, slash \\n',
        response_body: { text: 'nul \u0000 and lone \ud800 surrogate', 'key\u0000': 1, copy: '\t\n\r \\N \\' },
      });
      const bad = makeCompletionEvent({ created_at: 'yesterday' });
      const result = await writer().writeBatch([good, bad]);
      assert.equal(result.inserted, 1);
      assert.deepEqual(
        result.rejected.map((rejection) => rejection.id),
        [bad.id],
      );
      const stored = await reader().get(good.id);
      assert.equal(stored?.error, 'badbyte');
      assert.deepEqual(
        [stored?.user_id, stored?.session_id, stored?.trace_id],
        ['NULL', '', 'a "quoted", {braced} \\ value'],
      );
      assert.deepEqual([stored?.ip, stored?.prompt_id], ['\\N', 'tab\there, line\nbreak, return\r, slash \\n']);
      assert.deepEqual(stored?.response_body, {
        text: 'nul  and lone \ufffd surrogate',
        key: 1,
        copy: '\t\n\r \\N \\',
      });
    });

    it('keeps a surrogate pair that a body kept as the client wrote it escapes (as Python writes an emoji)', async () => {
      const event = makeCompletionEvent();
      const bodiesText = String.raw`{"request_body":{"model":"gpt-4o","messages":[{"role":"user","content":"go \ud83d\ude80"}]}}`;
      assert.equal((await writer().storeEvents([{ event, bodiesText }])).inserted, 1);
      const stored = await reader().get(event.id);
      assert.deepEqual(stored?.request_body, { model: 'gpt-4o', messages: [{ role: 'user', content: 'go 🚀' }] });
    });

    it('counts tokens with the tokenizer when the provider reported no usage', async () => {
      const event = makeCompletionEvent({
        served_model: 'gpt-4o-2024-08-06',
        prompt_tokens: 0,
        completion_tokens: 0,
        request_body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'tiktoken is great!' }] },
        response_body: { choices: [{ message: { role: 'assistant', content: 'tiktoken is great!' } }] },
      });
      await writer().writeBatch([event]);
      const record = await reader().get(event.id);
      // o200k_base: 6 tokens of content + 1 of role + 3 framing + 3 priming = 13 prompt; 6 completion.
      assert.deepEqual(
        { prompt: record?.prompt_tokens, completion: record?.completion_tokens, estimated: record?.usage_estimated },
        { prompt: 13, completion: 6, estimated: true },
      );
      assert.equal(record?.cost_usd, (13 * 2.5 + 6 * 10) / 1_000_000);
    });

    it('stores bodies given as the JSON text they travelled as exactly as parsed ones, awkward text and all', async () => {
      const bodies = {
        request_body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'déjà 🚀 "q" \\ tiktoken is great!' }] },
        response_body: { choices: [{ message: { role: 'assistant', content: 'nul \u0000 and lone \ud800 end' } }] },
        translated_request_body: { model: 'gpt-4o', messages: [] },
      };
      const asText = makeCompletionEvent({ served_model: 'gpt-4o-2024-08-06', prompt_tokens: 0, completion_tokens: 0 });
      const parsed = { ...makeCompletionEvent({ served_model: 'gpt-4o-2024-08-06' }), ...bodies };
      const withoutBodies = makeCompletionEvent();
      const result = await writer().storeEvents([
        { event: asText, bodiesText: JSON.stringify(bodies) },
        { event: { ...parsed, prompt_tokens: 0, completion_tokens: 0 } },
        { event: withoutBodies },
      ]);
      assert.equal(result.inserted, 3);
      const [fromText, fromParsed, bare] = await Promise.all(
        [asText.id, parsed.id, withoutBodies.id].map((id) => reader().get(id)),
      );
      const bodiesOf = (record: typeof fromText) => ({
        request_body: record?.request_body,
        response_body: record?.response_body,
        translated_request_body: record?.translated_request_body,
        prompt_tokens: record?.prompt_tokens,
        usage_estimated: record?.usage_estimated,
      });
      assert.deepEqual(bodiesOf(fromText), bodiesOf(fromParsed));
      assert.deepEqual(fromText?.response_body, {
        choices: [{ message: { role: 'assistant', content: 'nul  and lone \ufffd end' } }],
      });
      assert.equal(fromText?.usage_estimated, true);
      assert.equal(bare?.request_body ?? null, null);
    });
  });
}
