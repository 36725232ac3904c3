import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventBodiesText } from '@sluice/queues';
import { RequestLogReader, RequestLogWriter } from '@sluice/request-log';
import { makeCompletionEvent, storedApart } from './completion-event-factory';
import type { SuiteContext } from './request-log-suite';

const created_at = '2026-04-02T09:00:00.000Z';

const history = [
  { role: 'system', content: storedApart('You are a coding agent.') },
  { role: 'user', content: 'Read src/app.ts.' },
  { role: 'assistant', content: 'It exports \u201capp\u201d, line\n1 of "two".' },
];

/** A request body of each dialect with a conversation, and two without one. */
const BODIES: Record<string, Record<string, unknown>> = {
  openai: { model: 'gpt-4o-mini', messages: [...history, { role: 'user', content: 'Fix it.' }], temperature: 0 },
  anthropic: {
    model: 'claude-x',
    max_tokens: 64,
    system: 'Be terse.',
    messages: [
      { role: 'user', content: [{ type: 'text', text: storedApart('Read it.') }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'tu_1', name: 'read', input: { path: 'a.ts' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: 'export {}' }] },
    ],
  },
  responses: {
    model: 'gpt-4o-mini',
    input: [
      { role: 'user', content: [{ type: 'input_text', text: storedApart('Hello') }] },
      { type: 'function_call', call_id: 'c1', name: 'read', arguments: '{"path":"a"}' },
      { type: 'function_call_output', call_id: 'c1', output: 'ok' },
    ],
  },
  gemini: {
    contents: [
      { role: 'user', parts: [{ text: storedApart('Hi') }] },
      { role: 'model', parts: [{ text: 'Hello' }] },
      { role: 'user', parts: [{ text: 'Again' }] },
    ],
  },
  embedding: { model: 'text-embedding-3-small', input: ['a gannet', 'a grebe'] },
  single: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'One turn.' }] },
};

export function defineTurnStorageTests(context: SuiteContext): void {
  const reader = () => new RequestLogReader({ database: context.database });
  const storedTurns = async () =>
    (await context.database.query<{ count: number }>('SELECT count(*)::int AS count FROM request_log_turns')).rows[0]
      ?.count;
  /** Writes as the logger does: each event's bodies as the bytes they travelled as. */
  const store = (writer: RequestLogWriter, events: ReturnType<typeof makeCompletionEvent>[]) =>
    writer.storeEvents(
      events.map(({ request_body, response_body, translated_request_body, ...event }) => {
        const text = eventBodiesText({ request_body, response_body, translated_request_body });
        return text === undefined ? { event } : { event, bodiesText: Buffer.from(text) };
      }),
    );

  describe('turns stored once', () => {
    it('gives every body back as sent, through get and the export, from bytes and from parsed events', async () => {
      const fromBytes = Object.entries(BODIES).map(([name, body]) =>
        makeCompletionEvent({ id: `bytes-${name}`, created_at, request_body: body, response_body: { id: name } }),
      );
      const parsed = Object.entries(BODIES).map(([name, body]) =>
        makeCompletionEvent({ id: `parsed-${name}`, created_at, request_body: body }),
      );
      const omitted = makeCompletionEvent({ id: 'omitted', created_at, metadata: { omit: 'x-sluice-omit-bodies' } });
      await store(new RequestLogWriter({ database: context.database }), [...fromBytes, omitted]);
      await new RequestLogWriter({ database: context.database }).writeBatch(parsed);

      for (const [name, body] of Object.entries(BODIES)) {
        assert.deepEqual((await reader().get(`bytes-${name}`))?.request_body, body, name);
        assert.deepEqual((await reader().get(`bytes-${name}`))?.response_body, { id: name }, name);
        assert.deepEqual((await reader().get(`parsed-${name}`))?.request_body, body, name);
      }
      const exported = new Map<string, unknown>();
      for await (const page of reader().pages({ properties: {} }, { bodies: true, pageSize: 5 })) {
        for (const record of page) exported.set(record.id, record.request_body);
      }
      for (const [name, body] of Object.entries(BODIES)) assert.deepEqual(exported.get(`bytes-${name}`), body, name);
      const none = await reader().get('omitted');
      assert.deepEqual([none?.request_body, none?.response_body, exported.get('omitted')], [null, null, null]);
      // openai 3 earlier turns, anthropic 2, responses 2, gemini 2; the parsed copies name the same turns.
      assert.equal(await storedTurns(), 9);
    });

    it('stores a shared prefix once, as later writers (another process, a restart) find it stored', async () => {
      const first = { model: 'gpt-4o-mini', messages: [...history, { role: 'user', content: 'Step 1' }] };
      const second = {
        model: 'gpt-4o-mini',
        messages: [...first.messages, { role: 'assistant', content: 'Done 1' }, { role: 'user', content: 'Step 2' }],
      };
      const writer = new RequestLogWriter({ database: context.database });
      await store(writer, [makeCompletionEvent({ id: 'first', created_at, request_body: first })]);
      await store(writer, [makeCompletionEvent({ id: 'second', created_at, request_body: second })]);
      await store(new RequestLogWriter({ database: context.database }), [
        makeCompletionEvent({ id: 'third', created_at, request_body: second }),
      ]);
      assert.equal(await storedTurns(), 5, 'the three of history, Step 1 and Done 1');
      const stored = await context.database.query<{ id: string; messages: number; turns: number }>(
        `SELECT id, jsonb_array_length(request_body -> 'messages') AS messages, length(request_turns) / 16 AS turns
         FROM request_log_bodies ORDER BY id`,
      );
      assert.deepEqual(stored.rows, [
        { id: 'first', messages: 1, turns: 3 },
        { id: 'second', messages: 1, turns: 5 },
        { id: 'third', messages: 1, turns: 5 },
      ]);
      assert.deepEqual((await reader().get('second'))?.request_body, second);
      assert.deepEqual((await reader().get('third'))?.request_body, second);
    });

    it('stores a turn seen again on another day on that day too', async () => {
      const body = { messages: [...history, { role: 'user', content: 'Go on.' }] };
      const writer = new RequestLogWriter({ database: context.database });
      await store(writer, [makeCompletionEvent({ id: 'monday', created_at, request_body: body })]);
      await store(writer, [
        makeCompletionEvent({ id: 'tuesday', created_at: '2026-04-03T09:00:00.000Z', request_body: body }),
      ]);
      const perDay = await context.database.query<{ day: string; turns: number }>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, count(*)::int AS turns FROM request_log_turns
         GROUP BY day ORDER BY day`,
      );
      assert.deepEqual(perDay.rows, [
        { day: '2026-04-02', turns: 3 },
        { day: '2026-04-03', turns: 3 },
      ]);
      assert.deepEqual((await reader().get('tuesday'))?.request_body, body);
    });

    it("stores a translated conversation's earlier turns once too, and gives both bodies back whole", async () => {
      const sent = (turns: number) => ({
        model: 'claude-x',
        max_tokens: 64,
        system: 'Be terse.',
        messages: Array.from({ length: turns }, (_, index) => ({
          role: index % 2 === 0 ? 'user' : 'assistant',
          content: [{ type: 'text', text: storedApart(`Turn ${index}: \u201cquoted\u201d, "escaped"\n`) }],
        })),
      });
      const translated = (turns: number) => ({
        model: 'gpt-4o-mini',
        max_tokens: 64,
        messages: [
          { role: 'system', content: storedApart('Be terse.') },
          ...sent(turns).messages.map(({ role, content }) => ({ role, content: content[0]?.text })),
        ],
      });
      const event = (id: string, turns: number) =>
        makeCompletionEvent({ id, created_at, request_body: sent(turns), translated_request_body: translated(turns) });
      const writer = new RequestLogWriter({ database: context.database });
      await store(writer, [event('first', 3)]);
      assert.equal(await storedTurns(), 2 + 3, "the sent body's 2 earlier turns, the translation's system and 2");
      await store(writer, [event('second', 5)]);
      await store(new RequestLogWriter({ database: context.database }), [event('third', 5)]);
      await new RequestLogWriter({ database: context.database }).writeBatch([event('parsed', 5)]);
      assert.equal(await storedTurns(), 4 + 5, 'each earlier turn once, whatever sent it again');
      const stored = await context.database.query<{ id: string; messages: number; turns: number }>(
        `SELECT id, jsonb_array_length(translated_request_body -> 'messages') AS messages,
           length(translated_request_turns) / 16 AS turns
         FROM request_log_bodies ORDER BY id`,
      );
      assert.deepEqual(stored.rows, [
        { id: 'first', messages: 1, turns: 3 },
        { id: 'parsed', messages: 1, turns: 5 },
        { id: 'second', messages: 1, turns: 5 },
        { id: 'third', messages: 1, turns: 5 },
      ]);
      const exported = new Map<string, unknown>();
      for await (const page of reader().pages({ properties: {} }, { bodies: true, pageSize: 3 })) {
        for (const record of page) exported.set(record.id, [record.request_body, record.translated_request_body]);
      }
      for (const [id, turns] of [
        ['first', 3],
        ['second', 5],
        ['third', 5],
        ['parsed', 5],
      ] as const) {
        const record = await reader().get(id);
        assert.deepEqual([record?.request_body, record?.translated_request_body], [sent(turns), translated(turns)], id);
        assert.deepEqual(exported.get(id), [sent(turns), translated(turns)], id);
      }
    });

    it('splits a Responses request translated to chat, and leaves an untranslated record without a translation', async () => {
      const responses = BODIES.responses as Record<string, unknown>;
      const chat = {
        model: 'gpt-4o-mini',
        messages: [
          { role: 'user', content: storedApart('Hello') },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read' } }],
          },
          { role: 'tool', tool_call_id: 'c1', content: 'ok' },
        ],
      };
      await store(new RequestLogWriter({ database: context.database }), [
        makeCompletionEvent({ id: 'translated', created_at, request_body: responses, translated_request_body: chat }),
        makeCompletionEvent({ id: 'plain', created_at, request_body: responses }),
      ]);
      assert.equal(await storedTurns(), 2 + 2);
      const translated = await reader().get('translated');
      assert.deepEqual([translated?.request_body, translated?.translated_request_body], [responses, chat]);
      const plain = await reader().get('plain');
      assert.deepEqual([plain?.request_body, plain && 'translated_request_body' in plain], [responses, false]);
    });

    it('keeps earlier turns shorter than MIN_TURNS_BYTES_APART in the body, and gives it back the same', async () => {
      const short = { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be terse.' }, ...history.slice(1)] };
      const long = { model: 'gpt-4o-mini', messages: history };
      await store(new RequestLogWriter({ database: context.database }), [
        makeCompletionEvent({ id: 'short', created_at, request_body: short }),
        makeCompletionEvent({ id: 'long', created_at, request_body: long }),
      ]);
      const stored = await context.database.query<{ id: string; messages: number; turns: number | null }>(
        `SELECT id, jsonb_array_length(request_body -> 'messages') AS messages, length(request_turns) / 16 AS turns
         FROM request_log_bodies ORDER BY id`,
      );
      assert.deepEqual(stored.rows, [
        { id: 'long', messages: 1, turns: 2 },
        { id: 'short', messages: 3, turns: null },
      ]);
      assert.equal(await storedTurns(), 2);
      assert.deepEqual((await reader().get('short'))?.request_body, short);
      assert.deepEqual((await reader().get('long'))?.request_body, long);
    });

    it('searches the newest turn and the response as before, not the turns stored apart', async () => {
      const body = { messages: [...history, { role: 'user', content: 'Where is the lighthouse?' }] };
      await store(new RequestLogWriter({ database: context.database }), [
        makeCompletionEvent({ id: 'searched', created_at, request_body: body, response_body: { text: 'harbour' } }),
      ]);
      const found = async (search: string) => (await reader().list({ search })).data.map((record) => record.id);
      assert.deepEqual(await found('lighthouse'), ['searched']);
      assert.deepEqual(await found('harbour'), ['searched']);
      assert.deepEqual(await found('agent'), [], 'an earlier turn is not searched');
    });
  });
}
