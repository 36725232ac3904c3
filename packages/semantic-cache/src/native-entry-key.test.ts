import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exactEntryKey } from './exact-cache-key';
import { type NativeCacheSubject, nativeEntryKey } from './native-entry-key';

const body = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] };
const subject = (
  changes: Partial<NativeCacheSubject['call']> = {},
  requestBody: unknown = body,
  owner: Partial<NativeCacheSubject> = {},
): NativeCacheSubject => ({
  configId: 'claude@abc',
  tenant: 'vk_1',
  model: 'claude-sonnet-4-5',
  ...owner,
  call: {
    dialect: 'anthropic',
    body: JSON.stringify(requestBody),
    headers: { 'anthropic-version': '2023-06-01' },
    query: '',
    ...changes,
  },
});

describe('nativeEntryKey', () => {
  const expected = nativeEntryKey(subject());

  it('keys on the body as JSON: key order, whitespace and who asked do not count', () => {
    const reordered = `{ "messages": [ {"content":"hi","role":"user"} ],\n "max_tokens": 64, "model": "claude-sonnet-4-5" }`;
    assert.equal(nativeEntryKey(subject({ body: reordered })), expected);
    assert.equal(nativeEntryKey(subject({}, { ...body, metadata: { user_id: 'session-9' } })), expected);
  });

  it('changes with anything that may change the answer or its form', () => {
    const variants = [
      subject({}, { ...body, max_tokens: 65 }),
      subject({}, { ...body, stream: true }),
      subject({}, { ...body, thinking: { type: 'enabled', budget_tokens: 1024 } }),
      subject({ headers: { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'context-1m-2025-08-07' } }),
      subject({ query: '?beta=true' }),
      subject({ dialect: 'gemini', method: 'generateContent' }),
      subject({}, body, { configId: 'claude@def' }),
      subject({}, body, { tenant: 'vk_2' }),
      subject({}, body, { model: 'gemini-2.5-pro' }),
    ];
    const keys = new Set([expected, ...variants.map(nativeEntryKey)]);
    assert.equal(keys.size, variants.length + 1);
  });

  it('keys a Responses request apart from the same body in another dialect, and keeps its metadata (echoed back)', () => {
    const responses = subject({ dialect: 'responses', headers: {} }, { model: 'gpt-5', input: 'hi' });
    assert.notEqual(
      nativeEntryKey(responses),
      nativeEntryKey(subject({ headers: {} }, { model: 'gpt-5', input: 'hi' })),
    );
    const tagged = subject(
      { dialect: 'responses', headers: {} },
      { model: 'gpt-5', input: 'hi', metadata: { a: '1' } },
    );
    assert.notEqual(nativeEntryKey(tagged), nativeEntryKey(responses));
  });

  it('never equals the key of a chat request', () => {
    const chat = { configId: 'claude@abc', tenant: 'vk_1', request: body as never };
    assert.notEqual(exactEntryKey(chat), expected);
  });
});
