import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionRequest } from '@sluice/providers';
import { exactCacheKey, exactEntryKey } from './exact-cache-key';

const base: ChatCompletionRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is 2FA?' },
  ],
  temperature: 0.2,
};
const key = (changes: Record<string, unknown>) => exactCacheKey({ ...base, ...changes } as ChatCompletionRequest);

describe('exactCacheKey', () => {
  it('ignores what does not change the answer', () => {
    const expected = exactCacheKey(base);
    for (const changes of [
      { stream: true },
      { stream: false, stream_options: { include_usage: true } },
      { user: 'user-42' },
      { metadata: { team: 'search' } },
      { store: true, service_tier: 'flex', prompt_cache_key: 'k', safety_identifier: 'u' },
      { top_p: null, seed: null, stop: null, n: 1, tools: [] },
    ]) {
      assert.equal(key(changes), expected, JSON.stringify(changes));
    }
    const reordered = { temperature: 0.2, messages: base.messages, model: 'gpt-4o-mini' } as ChatCompletionRequest;
    assert.equal(exactCacheKey(reordered), expected, 'key order');
  });

  it('writes equivalent forms the same way', () => {
    assert.equal(key({ stop: 'END' }), key({ stop: ['END'] }));
    const asPart = {
      messages: [base.messages[0], { role: 'user', content: [{ type: 'text', text: 'What is 2FA?' }] }],
    };
    assert.equal(key(asPart), exactCacheKey(base));
  });

  it('changes with everything that changes the answer', () => {
    const changes: Array<Record<string, unknown>> = [
      { model: 'gpt-4o' },
      { messages: [base.messages[0], { role: 'user', content: 'What is 2FA? ' }] },
      { messages: [{ role: 'system', content: 'Be verbose.' }, base.messages[1]] },
      { temperature: 0.3 },
      { top_p: 0.9 },
      { max_tokens: 100 },
      { max_completion_tokens: 100 },
      { seed: 7 },
      { n: 2 },
      { stop: ['END'] },
      { presence_penalty: 0.5 },
      { frequency_penalty: 0.5 },
      { response_format: { type: 'json_object' } },
      { tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }] },
      { tool_choice: 'required' },
      { parallel_tool_calls: false },
      { logprobs: true },
      { reasoning_effort: 'high' },
    ];
    const keys = new Set([exactCacheKey(base), ...changes.map(key)]);
    assert.equal(keys.size, changes.length + 1);
  });
});

describe('exactEntryKey', () => {
  it('separates configs and tenants', () => {
    const entry = (configId: string, tenant: string) => exactEntryKey({ configId, tenant, request: base });
    assert.equal(entry('default', 'vk_1'), entry('default', 'vk_1'));
    assert.notEqual(entry('default', 'vk_1'), entry('default', 'vk_2'));
    assert.notEqual(entry('default', 'vk_1'), entry('premium', 'vk_1'));
    assert.match(entry('default', ''), /^[0-9a-f]{64}$/);
  });
});
