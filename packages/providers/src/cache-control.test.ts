import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderType } from '@sluice/config';
import { adapterFor } from './adapter-registry';
import { ChatCompletionRequestSchema } from './openai-chat-schema';
import type { ProviderCallContext } from './provider-adapter';

const ephemeral = { type: 'ephemeral' };
const hour = { type: 'ephemeral', ttl: '1h' };
/** A tool whose parameters name a property `cache_control`: the tool's schema, not a breakpoint. */
const parameters = { type: 'object', properties: { cache_control: { type: 'string' } } };

/** An OpenAI chat request with breakpoints on the request, messages, parts, tool calls and tools (LiteLLM's forms). */
const cachedRequest = {
  model: 'fast',
  cache_control: ephemeral,
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'A long manual.', cache_control: hour }] },
    { role: 'user', content: 'First question', cache_control: ephemeral },
    {
      role: 'assistant',
      content: [{ type: 'text', text: 'Checking.', cache_control: ephemeral }],
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{}' }, cache_control: ephemeral },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '42', cache_control: ephemeral },
    { role: 'user', content: [{ type: 'text', text: 'Thanks', cache_control: ephemeral }] },
  ],
  tools: [{ type: 'function', function: { name: 'lookup', parameters }, cache_control: hour }],
};

const contexts: Record<Exclude<ProviderType, 'anthropic'>, ProviderCallContext> = {
  openai: { account: { type: 'openai' }, apiKey: 'sk-test', model: 'gpt-4o-mini' },
  'azure-openai': {
    account: { type: 'azure-openai', base_url: 'https://contoso.openai.azure.com' },
    apiKey: 'azure-key',
    model: 'gpt-4o',
  },
  gemini: { account: { type: 'gemini' }, apiKey: 'AIza-test', model: 'gemini-2.5-flash' },
};

describe('cache_control in the canonical chat request', () => {
  it('is accepted on parts, messages, tool calls, tools and the request, null included', () => {
    assert.ok(ChatCompletionRequestSchema.safeParse(cachedRequest).success);
    const withNull = {
      model: 'fast',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: null }] }],
    };
    assert.ok(ChatCompletionRequestSchema.safeParse(withNull).success);
  });

  it('is rejected when malformed, naming the path', () => {
    const badTool = {
      ...cachedRequest,
      tools: [{ type: 'function', function: { name: 'lookup' }, cache_control: { type: 'ephemeral', ttl: '2h' } }],
    };
    const result = ChatCompletionRequestSchema.safeParse(badTool);
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues[0]?.path, ['tools', 0, 'cache_control', 'ttl']);
    const badPart = {
      model: 'fast',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'persistent' } }] }],
    };
    assert.equal(ChatCompletionRequestSchema.safeParse(badPart).success, false);
  });

  for (const [type, context] of Object.entries(contexts)) {
    it(`never reaches the ${type} provider, and the tool schema's own cache_control property survives`, () => {
      const request = ChatCompletionRequestSchema.parse(cachedRequest);
      const before = structuredClone(request);
      const body = adapterFor(type as ProviderType).toChatRequest(request, context).body ?? '';
      assert.equal(body.match(/"cache_control"/g)?.length, 1, body);
      assert.match(body, /"properties":\{"cache_control":\{"type":"string"\}\}/);
      assert.deepEqual(request, before, 'the request itself is left as it was');
    });
  }

  it('leaves the rest of an OpenAI request as it was', () => {
    const body = JSON.parse(
      adapterFor('openai').toChatRequest(ChatCompletionRequestSchema.parse(cachedRequest), contexts.openai).body ??
        '{}',
    );
    assert.deepEqual(body, {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'A long manual.' }] },
        { role: 'user', content: 'First question' },
        {
          role: 'assistant',
          content: [{ type: 'text', text: 'Checking.' }],
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '42' },
        { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
      ],
      tools: [{ type: 'function', function: { name: 'lookup', parameters } }],
    });
  });
});
