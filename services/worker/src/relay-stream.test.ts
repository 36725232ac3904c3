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

/** The provider's stream: each chunk one event, two events per network read, then `[DONE]`. */
function upstream(): UpstreamResponse {
  const events = [...CHUNKS, '[DONE]'].map((data) => `data: ${data}\n\n`);
  const reads = [0, 2, 4].map((at) => Buffer.from(events.slice(at, at + 2).join('')));
  const body = Object.assign(
    (async function* () {
      yield* reads;
    })(),
    { text: async () => Buffer.concat(reads).toString() },
  );
  return { status: 200, headers: {}, body };
}

async function relayed(textLiterals: boolean): Promise<string[][]> {
  const reads: string[][] = [];
  await relayStream({
    response: upstream(),
    adapter: openAIAdapter,
    context,
    sink: {
      started: async (start: StreamStart) => void reads.push([...start.chunks]),
      chunks: async (data) => void reads.push([...data]),
    },
    signal: new AbortController().signal,
    wantsUsage: true,
    textLiterals,
    startedAt: Date.now(),
    fallbackModel: 'gpt-4o-mini',
  });
  return reads;
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
});
