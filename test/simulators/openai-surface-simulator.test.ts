/**
 * The OpenAI simulator's completions, moderations, rerank and pass-through routes, read by the official `openai` SDK
 * (which must parse everything they send).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startOpenAISimulator } from './openai-simulator';
import type { RunningSimulator } from './start-simulator';

describe('openai simulator: completions, moderations, rerank, pass-through routes', () => {
  let simulator: RunningSimulator;
  let client: OpenAI;

  before(async () => {
    simulator = await startOpenAISimulator();
    client = new OpenAI({ baseURL: simulator.url, apiKey: 'sk-test', maxRetries: 0 });
  });
  after(() => simulator.close());
  beforeEach(() => simulator.reset());

  test('legacy completions: one choice per prompt and n, cut at max_tokens (16 by default), echo honoured', async () => {
    const completion = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: ['first', 'a much longer prompt that the default of sixteen tokens cannot answer in full, surely not'],
      n: 2,
    });
    assert.match(completion.id, /^cmpl-/);
    assert.equal(completion.object, 'text_completion');
    assert.deepEqual(
      completion.choices.map((choice) => [choice.index, choice.finish_reason]),
      [
        [0, 'stop'],
        [1, 'stop'],
        [2, 'length'],
        [3, 'length'],
      ],
    );
    assert.equal(completion.choices[0]?.text, 'Echo: first');
    assert.equal(completion.choices[2]?.text.length, 64);
    const echoed = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'hi', echo: true });
    assert.equal(echoed.choices[0]?.text, 'hiEcho: hi');
  });

  test('a streamed completion: text_completion chunks, a finish, the usage chunk when asked, then [DONE]', async () => {
    const stream = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'hello world',
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    assert.equal(chunks.map((chunk) => chunk.choices[0]?.text ?? '').join(''), 'Echo: hello world');
    assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'stop');
    assert.deepEqual(chunks.at(-1)?.choices, []);
    assert.deepEqual(chunks.at(-1)?.usage, { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 });
  });

  test('moderations flag violence, one result per input', async () => {
    const moderation = await client.moderations.create({ input: ['calm words', 'violence'] });
    assert.match(moderation.id, /^modr-/);
    assert.deepEqual(
      moderation.results.map((result) => [result.flagged, result.categories.violence]),
      [
        [false, false],
        [true, true],
      ],
    );
    assert.deepEqual(moderation.results[0]?.category_applied_input_types.violence, ['text']);
  });

  test('rerank answers in Cohere’s v2 shape, best first, with top_n, documents and billed search units', async () => {
    const answer = await client.post<{
      results: { index: number; relevance_score: number; document?: { text: string } }[];
      meta: { billed_units: { search_units: number } };
    }>('/rerank', {
      body: { model: 'rerank-v3.5', query: 'red apple', documents: ['green pear', 'red apple pie', 'apple'], top_n: 2 },
    });
    assert.deepEqual(
      answer.results.map((result) => [result.index, result.relevance_score]),
      [
        [1, 1],
        [2, 0.5],
      ],
    );
    assert.equal(answer.results[0]?.document, undefined);
    assert.equal(answer.meta.billed_units.search_units, 1);
  });

  test('vector stores are created, listed, retrieved and deleted; realtime client secrets are issued', async () => {
    const store = await client.vectorStores.create({ name: 'kb' });
    assert.match(store.id, /^vs_/);
    assert.equal((await client.vectorStores.retrieve(store.id)).name, 'kb');
    assert.ok((await client.vectorStores.list()).data.some((listed) => listed.id === store.id));
    assert.equal((await client.vectorStores.delete(store.id)).deleted, true);
    await assert.rejects(
      client.vectorStores.retrieve(store.id),
      (error: unknown) => error instanceof OpenAI.NotFoundError,
    );
    const secret = await client.realtime.clientSecrets.create({ session: { type: 'realtime', model: 'gpt-realtime' } });
    assert.match(secret.value, /^ek_/);
  });
});
