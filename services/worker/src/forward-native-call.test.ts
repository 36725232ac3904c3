import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlannedTarget } from '@sluice/queues';
import { forwardedBody } from './forward-native-call';

const target = (model: string, overrideParams: Record<string, unknown> = {}): PlannedTarget => ({
  provider: 'claude',
  model,
  overrideParams,
  retry: { attempts: 1, onStatus: [], backoffMs: 0 },
  fallbackOn: [],
  timeoutMs: 1000,
});
const body = '{ "model": "claude-x",  "max_tokens": 8, "future": {"a": 1}, "messages": [] }';
const native = { dialect: 'anthropic' as const, body, headers: {}, query: '', loggedAsSent: false };

describe('forwardedBody', () => {
  it('is the client’s bytes, untouched, when the target keeps the model and overrides nothing', () => {
    assert.equal(forwardedBody(native, target('claude-x'), 'claude-x'), body);
  });

  it('replaces only the model in the text when the target names another, every other byte as it came', () => {
    assert.equal(forwardedBody(native, target('claude-y'), 'claude-x'), body.replace('"claude-x"', '"claude-y"'));
  });

  it('parses a body that may spell a key with escapes, so that no second "model" goes on unseen', () => {
    const escaped = '{"model":"claude-x","mod\\u0065l":"claude-z","max_tokens":8}';
    const renamed = forwardedBody({ ...native, body: escaped }, target('claude-y'), 'claude-x');
    assert.deepEqual(JSON.parse(renamed), { model: 'claude-y', max_tokens: 8 });
  });

  it('replaces only the model and the overridden fields otherwise', () => {
    const renamed = JSON.parse(forwardedBody(native, target('claude-y', { max_tokens: 99 }), 'claude-x'));
    assert.deepEqual(renamed, { model: 'claude-y', max_tokens: 99, future: { a: 1 }, messages: [] });
  });
});

describe('forwardedBody for a Gemini call', () => {
  const gemini = (method: string, text: string) => ({ ...native, dialect: 'gemini' as const, method, body: text });

  it('is the client’s bytes when the target keeps the model: Gemini names it in the URL', () => {
    const text = '{ "contents": [] }';
    assert.equal(forwardedBody(gemini('generateContent', text), target('gemini-x'), 'gemini-x'), text);
  });

  it('never adds a model to the body; a batch of embeddings names the target’s in each request', () => {
    const generate = forwardedBody(
      gemini('generateContent', '{"contents":[]}'),
      target('gemini-y', { seed: 1 }),
      'gemini-x',
    );
    assert.deepEqual(JSON.parse(generate), { contents: [], seed: 1 });
    const batch = '{"requests":[{"model":"models/gemini-x","content":{"parts":[{"text":"a"}]}}]}';
    assert.deepEqual(JSON.parse(forwardedBody(gemini('batchEmbedContents', batch), target('emb-y'), 'gemini-x')), {
      requests: [{ model: 'models/emb-y', content: { parts: [{ text: 'a' }] } }],
    });
  });
});
