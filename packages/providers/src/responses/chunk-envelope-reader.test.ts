import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChunkEnvelopeReader, type EnvelopeChunk } from './chunk-envelope-reader';

const envelope =
  '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","system_fingerprint":"fp"';
const opening = `${envelope},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}`;
const finish = `${envelope},"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}],"usage":null}`;
const usage = { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, prompt_tokens_details: { cached_tokens: 1 } };
const usageChunk = `${envelope},"choices":[],"usage":${JSON.stringify(usage)}}`;

/** What the reader says of each chunk in turn, each checked to be valid JSON. */
function readAll(...chunks: string[]): (EnvelopeChunk | undefined)[] {
  const reader = new ChunkEnvelopeReader();
  return chunks.map((chunk) => {
    JSON.parse(chunk);
    return reader.read(chunk);
  });
}

describe('ChunkEnvelopeReader', () => {
  test('reads the opening, finish and usage chunks as OpenAI writes them', () => {
    const padded = (chunk: string) => `${chunk.slice(0, -1)},"obfuscation":"aB3+/="}`;
    assert.deepEqual(readAll(opening, finish, usageChunk), [
      { opening: true, model: 'gpt-4o-mini' },
      { finish: 'length' },
      { usage },
    ]);
    assert.deepEqual(readAll(padded(opening), padded(finish), padded(usageChunk)), [
      { opening: true, model: 'gpt-4o-mini' },
      { finish: 'length' },
      { usage },
    ]);
    const refusing = opening.replace('"content":""', '"content":"","refusal":null');
    assert.deepEqual(readAll(refusing, `${envelope},"choices":[],"usage":null}`), [
      { opening: true, model: 'gpt-4o-mini' },
      { usage: null },
    ]);
  });

  test('the model as JSON.parse takes it: the last of a repeated key', () => {
    const twice = opening.replace('"system_fingerprint"', '"model":"second","system_fingerprint"');
    assert.deepEqual(readAll(twice), [{ opening: true, model: 'second' }]);
  });

  test('leaves every other chunk to be parsed', () => {
    const other = (replace: string, by: string) => opening.replace(replace, by);
    const cases: { name: string; chunks: string[] }[] = [
      { name: 'text in the first chunk', chunks: [other('"content":""', '"content":"Hi"')] },
      { name: 'a spaced envelope', chunks: [other('"model":"gpt-4o-mini"', '"model": "gpt-4o-mini"')] },
      { name: 'an escaped key', chunks: [other('"model":', '"mod\\u0065l":')] },
      { name: 'an escape in the model', chunks: [other('gpt-4o-mini', 'gpt\\"4o')] },
      { name: 'no model', chunks: [other('"model":"gpt-4o-mini",', '')] },
      { name: 'a model that is not a string', chunks: [other('"gpt-4o-mini"', '4')] },
      { name: 'an object in the envelope', chunks: [other('"system_fingerprint":"fp"', '"x":{"choices":1}')] },
      { name: 'usage before the choices', chunks: [other('"system_fingerprint":"fp"', '"usage":{"total_tokens":1}')] },
      { name: 'a finish first', chunks: [finish, finish] },
      { name: 'a finish that adds text', chunks: [opening, finish.replace('"delta":{}', '"delta":{"content":"x"}')] },
      { name: 'a finish of another choice', chunks: [opening, finish.replace('"index":0', '"index":1')] },
      { name: 'another envelope', chunks: [opening, finish.replace('chatcmpl-1', 'chatcmpl-2')] },
      { name: 'more after the usage', chunks: [opening, `${usageChunk.slice(0, -1)},"extra":{"a":1}}`] },
      { name: 'a usage chunk with choices', chunks: [opening, usageChunk.replace('"choices":[]', '"choices":[{}]')] },
    ];
    for (const { name, chunks } of cases) assert.equal(readAll(...chunks).at(-1), undefined, name);
  });
});
