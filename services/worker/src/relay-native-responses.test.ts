import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpstreamError } from '@sluice/errors';
import type { StreamStart } from './call-outcome';
import { relayNativeResponses } from './relay-native-responses';

const response = {
  id: 'resp_1',
  object: 'response',
  status: 'completed',
  model: 'gpt-4o-2024-08-06',
  output: [{ type: 'message', content: [{ type: 'output_text', text: 'Hi there' }] }],
  usage: { input_tokens: 3, output_tokens: 2, total_tokens: 5 },
};
const EVENTS: [string, object][] = [
  ['response.created', { response: { ...response, status: 'in_progress', output: [], usage: null } }],
  ['response.output_text.delta', { delta: 'Hi' }],
  ['response.output_text.delta', { delta: ' there' }],
  ['response.completed', { response }],
];
const eventText = ([type, fields]: [string, object], sequence: number) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...fields, sequence_number: sequence })}\n\n`;
const TEXTS = EVENTS.map(eventText);

async function* bodyOf(reads: string[]): AsyncGenerator<Buffer> {
  for (const read of reads) yield Buffer.from(read);
}

/** A sink that records what each call relays, and the stream's start. */
function recordingSink() {
  const recorded: { calls: string[][]; start?: StreamStart } = { calls: [] };
  const sink = {
    async started(first: StreamStart) {
      recorded.start = first;
      recorded.calls.push([...first.chunks]);
    },
    async chunks(data: string[]) {
      recorded.calls.push([...data]);
    },
  };
  return { recorded, sink };
}

function relay(reads: string[], sink: ReturnType<typeof recordingSink>['sink'], cached = false) {
  return relayNativeResponses({
    body: bodyOf(reads),
    sink,
    signal: new AbortController().signal,
    model: 'gpt-4o',
    startedAt: Date.now(),
    cacheEntryOf: cached ? (native, final) => ({ native, completion: JSON.stringify(final) }) : undefined,
  });
}

async function relayed(reads: string[], cached = false) {
  const { recorded, sink } = recordingSink();
  const outcome = await relay(reads, sink, cached);
  return { ...recorded, outcome };
}

describe('relayNativeResponses', () => {
  it("relays each read's events together, as they came, and reads the answer from the final event", async () => {
    const reads = [TEXTS[0] as string, TEXTS.slice(1).join('')];
    const { calls, start, outcome } = await relayed(reads, true);
    assert.deepEqual(calls, [[reads[0]], [reads[1]]]);
    assert.equal(start?.servedModel, 'gpt-4o');
    assert.deepEqual(outcome.usage, {
      prompt_tokens: 3,
      completion_tokens: 2,
      total_tokens: 5,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    assert.equal(outcome.servedModel, 'gpt-4o-2024-08-06');
    assert.equal(outcome.streamedBody, JSON.stringify(response));
    assert.equal(outcome.dialect, 'responses');
    assert.deepEqual(outcome.cacheEntry, { native: TEXTS.join(''), completion: JSON.stringify(response) });
  });

  it('holds a read that completes no event, and writes an event split across reads whole with the one that ends it', async () => {
    const all = TEXTS.join('');
    const cut = (TEXTS[0] as string).length + 10;
    const { calls } = await relayed([all.slice(0, 5), all.slice(5, cut), all.slice(cut)]);
    assert.deepEqual(calls, [[TEXTS[0]], [TEXTS.slice(1).join('')]]);
  });

  it('writes the events again, as the SSE parser read them, where the read holds anything else', async () => {
    const reads = [
      `: keep-alive\n\n${TEXTS[0]}`,
      `${TEXTS.slice(1).join('').replaceAll('\n', '\r\n')}data: [DONE]\n\n`,
    ];
    const { calls, outcome } = await relayed(reads);
    assert.deepEqual(calls, [[TEXTS[0]], [TEXTS.slice(1).join('')]]);
    assert.equal(outcome.servedModel, 'gpt-4o-2024-08-06');
  });

  it('fails as the provider when its final event is not JSON, after relaying it', async () => {
    const broken = 'event: response.completed\ndata: {"response":\n\n';
    const { recorded, sink } = recordingSink();
    await assert.rejects(
      relay([TEXTS[0] as string, broken], sink),
      (error: unknown) => error instanceof UpstreamError && error.status === 502,
    );
    assert.deepEqual(recorded.calls, [[TEXTS[0]], [broken]]);
  });
});
