import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionChunk } from '../openai-response-types';
import { OpenAIStreamTranslator } from './openai-stream-translator';
import { readPlainChatChunk } from './read-plain-chat-chunk';
import { TextDeltaTemplate } from './text-delta-template';

const envelope = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1700000000,
  model: 'gpt-4o-mini',
  service_tier: 'default',
  system_fingerprint: 'fp_1',
};
const deltaText = (content: string) =>
  JSON.stringify({
    ...envelope,
    choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }],
    usage: null,
  });
const checked = (text: string) => readPlainChatChunk(JSON.parse(text)) as ChatCompletionChunk;
/** What a reader of the chunk sees: its JSON (an absent field and one set to undefined read alike). */
const seen = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

const first = deltaText('Hello');
const template = TextDeltaTemplate.of(first, checked(first));

describe('TextDeltaTemplate', () => {
  it('reads a text delta of the template as parsing and checking it would', () => {
    assert.ok(template);
    const contents = [' world', '', 'quote " and \\ backslash', 'line\nbreak\ttab', 'é 日本 🙂', '\u2028', '"}],"x":"'];
    for (const content of contents) {
      const text = deltaText(content);
      assert.deepEqual(seen(template.read(text)), seen(checked(text)), text);
    }
  });

  it('reads a literal escaped otherwise than JSON.stringify escapes it', () => {
    const text = deltaText('é').replace('"content":"é"', '"content":"\\u00e9"');
    assert.equal(template?.read(text)?.choices[0]?.delta.content, 'é');
  });

  it('leaves any other text to the parser', () => {
    assert.ok(template);
    const others = [
      deltaText('x').replace('"content":"x"', '"content":"a","role":"user"'),
      deltaText('x').replace('"content":"x"', '"content":"a" , "refusal":"no"'),
      deltaText('x').replace('"content":"x"', '"content":7'),
      deltaText('x').replace('"content":"x"', '"content":"bad \u0001 control"'),
      deltaText('x').replace('"content":"x"', '"content":"unterminated \\"'),
      deltaText('x').replace('chatcmpl-1', 'chatcmpl-2'),
      deltaText('x').replace('"finish_reason":null', '"finish_reason":"stop"'),
      deltaText('x').replace('"usage":null', '"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}'),
      '{}',
      '[DONE]',
    ];
    for (const text of others) assert.equal(template.read(text), undefined, text);
  });

  it('is taken only from a chunk of one choice whose delta is its content, written as its own JSON', () => {
    const role = JSON.stringify({
      ...envelope,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    const finish = JSON.stringify({
      ...envelope,
      choices: [{ index: 0, delta: { content: 'a' }, finish_reason: 'stop' }],
    });
    const two = JSON.stringify({
      ...envelope,
      choices: [
        { index: 0, delta: { content: 'a' }, finish_reason: null },
        { index: 1, delta: { content: 'b' }, finish_reason: null },
      ],
    });
    const nested = JSON.stringify({
      ...envelope,
      choices: [{ index: 0, delta: { content: 'a' }, logprobs: { content: [] }, finish_reason: null }],
    });
    for (const text of [role, finish, two, nested]) assert.equal(TextDeltaTemplate.fits(checked(text)), false, text);
    const spaced = JSON.stringify(JSON.parse(first), null, 1);
    assert.equal(TextDeltaTemplate.fits(checked(spaced)), true);
    assert.equal(TextDeltaTemplate.of(spaced, checked(spaced)), undefined);
  });

  it('gives the stream translator the chunks it gives without a template', () => {
    const texts = [
      JSON.stringify({ ...envelope, choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }),
      ...['One', ' two', ' "three"', ' four'].map(deltaText),
      deltaText('x').replace('"content":"x"', '"content":"five","role":"assistant"'),
      JSON.stringify({ ...envelope, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    ];
    const translator = new OpenAIStreamTranslator('openai');
    for (const text of texts) {
      assert.deepEqual(seen(translator.fromUpstreamEvent({ event: undefined, data: text })), [seen(checked(text))]);
    }
  });
});
