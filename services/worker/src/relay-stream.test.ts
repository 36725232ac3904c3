import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openAIAdapter, type ProviderCallContext, type UpstreamResponse } from '@sluice/providers';
import type { StreamStart } from './call-outcome';
import { relayStream } from './relay-stream';

const context: ProviderCallContext = { account: { type: 'openai' }, apiKey: 'sk-test', model: 'gpt-4o-mini' };
const envelope = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini' };
const chunk = (delta: object, finish: string | null = null) =>
  JSON.stringify({ ...envelope, choices: [{ index: 0, delta, finish_reason: finish }] });
const usage = JSON.stringify({
  ...envelope,
  choices: [],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
});
const CHUNKS = [
  chunk({ role: 'assistant', content: 'He' }),
  chunk({ content: 'said "hi"' }),
  chunk({ content: '' }),
  chunk({}, 'stop'),
  usage,
];

/** The provider's stream: each chunk one event, two events per network read (or the reads given), then `[DONE]`. */
function upstream(
  reads = readsOf(
    [...CHUNKS, '[DONE]'].map((data) => `data: ${data}\n\n`),
    2,
  ),
): UpstreamResponse {
  const bytes = reads.map((read) => Buffer.from(read));
  const body = Object.assign(
    (async function* () {
      yield* bytes;
    })(),
    { text: async () => Buffer.concat(bytes).toString() },
  );
  return { status: 200, headers: {}, body };
}

function readsOf(events: string[], perRead: number): string[] {
  const reads: string[] = [];
  for (let at = 0; at < events.length; at += perRead) reads.push(events.slice(at, at + perRead).join(''));
  return reads;
}

interface Relayed {
  reads: string[][];
  native: boolean | undefined;
  outcome: Awaited<ReturnType<typeof relayStream>>;
}

async function relayedAs(
  options: { textLiterals?: boolean; eventText?: boolean; wantsUsage?: boolean },
  response = upstream(),
): Promise<Relayed> {
  const reads: string[][] = [];
  let native: boolean | undefined;
  const outcome = await relayStream({
    response,
    adapter: openAIAdapter,
    context,
    sink: {
      started: async (start: StreamStart) => {
        native = start.native;
        reads.push([...start.chunks]);
      },
      chunks: async (data) => void reads.push([...data]),
    },
    signal: new AbortController().signal,
    wantsUsage: options.wantsUsage ?? true,
    textLiterals: options.textLiterals ?? false,
    eventText: options.eventText ?? false,
    startedAt: Date.now(),
    fallbackModel: 'gpt-4o-mini',
  });
  return { reads, native, outcome };
}

async function relayed(textLiterals: boolean): Promise<string[][]> {
  return (await relayedAs({ textLiterals })).reads;
}

describe('relayStream', () => {
  it('relays each read’s chunks as the provider sent them, one delivery per read', async () => {
    assert.deepEqual(await relayed(false), [CHUNKS.slice(0, 2), CHUNKS.slice(2, 4), CHUNKS.slice(4)]);
  });

  it('for a stream re-encoded as Responses events, a text-only chunk after the first goes as its text literal', async () => {
    assert.deepEqual(await relayed(true), [
      [CHUNKS[0], JSON.stringify('said "hi"')],
      CHUNKS.slice(2, 4),
      CHUNKS.slice(4),
    ]);
  });

  describe('as SSE text, for an ingress that writes OpenAI chat events as they come', () => {
    const ASSEMBLED = {
      ...envelope,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hesaid "hi"' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    };

    it('relays each read as one piece, the bytes the provider sent (comments and CRLF kept), and assembles the answer', async () => {
      const reads = [
        `: warming up\r\n\r\ndata: ${CHUNKS[0]}\r\n\r\n`,
        `data: ${CHUNKS[1]}\n\ndata: ${CHUNKS[2]}\n\n`,
        `data: ${CHUNKS[3]}\n\ndata: ${CHUNKS[4]}\n\ndata: [DONE]\n\n`,
      ];
      const { reads: relayedReads, native, outcome } = await relayedAs({ eventText: true }, upstream(reads));
      assert.deepEqual(
        relayedReads,
        reads.map((read) => [read]),
      );
      assert.equal(native, true, 'the ingress writes the pieces as they are');
      assert.deepEqual(JSON.parse(outcome.streamedBody ?? ''), ASSEMBLED);
      assert.deepEqual(outcome.usage, ASSEMBLED.usage);
    });

    it('leaves out the usage chunk Sluice asked for, relaying the rest of its read as events', async () => {
      const { reads, outcome } = await relayedAs({ eventText: true, wantsUsage: false });
      const event = (data: string) => `data: ${data}\n\n`;
      assert.deepEqual(reads, [
        [event(CHUNKS[0] as string) + event(CHUNKS[1] as string)],
        [event(CHUNKS[2] as string) + event(CHUNKS[3] as string)],
        [event('[DONE]')],
      ]);
      assert.deepEqual(outcome.usage, ASSEMBLED.usage, 'the usage is still counted');
    });

    it('leaves out the usage chunk between the events of one read, the rest of the read as the provider sent it', async () => {
      const events = [...CHUNKS, '[DONE]'].map((data) => `data: ${data}\n\n`);
      const { reads } = await relayedAs({ eventText: true, wantsUsage: false }, upstream([events.join('')]));
      assert.deepEqual(reads, [[events.filter((event) => !event.includes('"usage"')).join('')]]);
    });

    it('an event split across reads goes whole with the read that ends it', async () => {
      const text = [...CHUNKS, '[DONE]'].map((data) => `data: ${data}\n\n`).join('');
      const cut = text.indexOf(CHUNKS[1] as string) + 10;
      const { reads, outcome } = await relayedAs({ eventText: true }, upstream([text.slice(0, cut), text.slice(cut)]));
      assert.deepEqual(reads.flat().join(''), text, 'the client still gets every event once, in order');
      assert.deepEqual(reads[0], [`data: ${CHUNKS[0]}\n\n`]);
      assert.deepEqual(JSON.parse(outcome.streamedBody ?? ''), ASSEMBLED);
    });

    it('a malformed event ends the stream after the events before it in its read', async () => {
      const reads = [`data: ${CHUNKS[0]}\n\n`, `data: ${CHUNKS[1]}\n\ndata: {"choices":7}\n\ndata: ${CHUNKS[2]}\n\n`];
      const relayedReads: string[][] = [];
      await assert.rejects(
        relayStream({
          response: upstream(reads),
          adapter: openAIAdapter,
          context,
          sink: {
            started: async (start: StreamStart) => void relayedReads.push([...start.chunks]),
            chunks: async (data) => void relayedReads.push([...data]),
          },
          signal: new AbortController().signal,
          wantsUsage: true,
          textLiterals: false,
          eventText: true,
          startedAt: Date.now(),
          fallbackModel: 'gpt-4o-mini',
        }),
        /malformed/,
      );
      assert.deepEqual(relayedReads, [[reads[0]], [`data: ${CHUNKS[1]}\n\n`]]);
    });
  });
});
