import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import type { CompletionEvent } from '@sluice/queues';
import { parseLogListParams, RequestLogReader, RequestLogWriter } from '@sluice/request-log';
import { makeCompletionEvent } from './completion-event-factory';
import type { SuiteContext } from './request-log-suite';

export function defineListTests(context: SuiteContext): void {
  const write = (events: CompletionEvent[]) => new RequestLogWriter({ database: context.database }).writeBatch(events);
  const reader = () => new RequestLogReader({ database: context.database });
  const ids = async (query: Parameters<RequestLogReader['list']>[0]) =>
    (await reader().list(query)).data.map((record) => record.id).sort();

  describe('RequestLogReader.list', () => {
    const a = makeCompletionEvent({
      id: 'a',
      created_at: '2026-04-02T10:00:00.000Z',
      user_id: 'u1',
      cache: 'miss',
      properties: { team: 'search', env: 'prod' },
    });
    const b = makeCompletionEvent({
      id: 'b',
      created_at: '2026-04-02T11:00:00.000Z',
      requested_model: 'fast',
      served_model: 'claude-3-5-haiku-20241022',
      provider: 'anthropic',
      status: 'error',
      http_status: 502,
      user_id: 'u2',
      properties: { team: 'ads' },
    });
    const c = makeCompletionEvent({
      id: 'c',
      created_at: '2026-04-02T12:00:00.000Z',
      status: 'cached',
      cache: 'hit-semantic',
      cache_score: 0.97,
      user_id: 'u1',
      properties: { team: 'search', env: 'dev' },
    });
    const d = makeCompletionEvent({
      id: 'd',
      created_at: '2026-03-01T09:00:00.000Z',
      requested_model: 'gemini-2.0-flash',
      served_model: 'gemini-2.0-flash-001',
      provider: 'gemini',
      cache: 'hit-exact',
    });

    it('filters by model (served or requested), provider, status, cache, user and time', async () => {
      await write([a, b, c, d]);
      assert.deepEqual(await ids({ model: 'gpt-4o-mini' }), ['a', 'c']);
      assert.deepEqual(await ids({ model: 'fast' }), ['b']);
      assert.deepEqual(await ids({ model: 'claude-3-5-haiku-20241022' }), ['b']);
      assert.deepEqual(await ids({ provider: 'anthropic' }), ['b']);
      assert.deepEqual(await ids({ status: 'error' }), ['b']);
      assert.deepEqual(await ids({ status: 'cached' }), ['c']);
      assert.deepEqual(await ids({ cache: 'hit' }), ['c', 'd']);
      assert.deepEqual(await ids({ cache: 'off' }), ['b']);
      assert.deepEqual(await ids({ user: 'u1' }), ['a', 'c']);
      assert.deepEqual(await ids({ from: '2026-04-01', to: '2026-04-02T12:00:00Z' }), ['a', 'b']);
      assert.deepEqual(await ids({}), ['a', 'b', 'c', 'd']);
    });

    it('filters by custom properties, every one given having to match', async () => {
      await write([a, b, c, d]);
      assert.deepEqual(await ids({ properties: { team: 'search' } }), ['a', 'c']);
      assert.deepEqual(await ids({ properties: { team: 'search', env: 'prod' } }), ['a']);
      assert.deepEqual(await ids(parseLogListParams({ 'property.team': 'ads' })), ['b']);
      assert.deepEqual(await ids({ properties: { team: 'nobody' } }), []);
    });

    it('leaves bodies out of pages and keeps them for get', async () => {
      const event = makeCompletionEvent({ request_body: { messages: [] }, response_body: { ok: true } });
      const omitted = makeCompletionEvent();
      await write([event, omitted]);
      const [listed] = (await reader().list({ limit: 1, model: 'gpt-4o-mini' })).data;
      assert.equal(listed !== undefined && 'request_body' in listed, false);
      assert.deepEqual((await reader().get(event.id))?.request_body, { messages: [] });
      assert.equal((await reader().get(omitted.id))?.request_body, null);
      assert.equal(await reader().get('no-such-request'), undefined);
    });

    it('pages newest first by an opaque cursor, across equal timestamps, without gaps or repeats', async () => {
      const events = Array.from({ length: 25 }, (_, index) =>
        makeCompletionEvent({
          id: `p${index.toString().padStart(2, '0')}`,
          created_at: `2026-04-03T10:0${index % 5}:00.000Z`,
        }),
      );
      await write(events);
      const expected = [...events]
        .sort((left, right) => right.created_at.localeCompare(left.created_at) || right.id.localeCompare(left.id))
        .map((event) => event.id);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      for (;;) {
        const page = await reader().list({ limit: 10, cursor });
        pages += 1;
        seen.push(...page.data.map((record) => record.id));
        if (!page.has_more) {
          assert.equal(page.next_cursor, null);
          break;
        }
        cursor = page.next_cursor ?? undefined;
      }
      assert.equal(pages, 3);
      assert.deepEqual(seen, expected);
    });

    it('names each bad parameter in one InvalidRequestError', async () => {
      await assert.rejects(reader().list({ status: 'nope' as 'error' }), (error: unknown) => {
        assert.ok(error instanceof InvalidRequestError);
        assert.deepEqual(
          error.problems.map((problem) => problem.path),
          ['status'],
        );
        return true;
      });
      assert.throws(
        () => parseLogListParams({ limit: '0', from: 'soon', 'property.team': ['a', 'b'], modle: 'x' }),
        (error: unknown) => {
          assert.ok(error instanceof InvalidRequestError);
          assert.deepEqual(error.problems.map((problem) => problem.path).sort(), [
            '',
            'from',
            'limit',
            'property.team',
          ]);
          return true;
        },
      );
      await assert.rejects(reader().list({ cursor: 'not-a-cursor' }), (error: unknown) => {
        assert.ok(error instanceof InvalidRequestError);
        assert.equal(error.param, 'cursor');
        return true;
      });
    });
  });
}
