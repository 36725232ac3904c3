import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { ChatCompletionRequestSchema } from '../openai-chat-schema';
import type { ProviderCallContext } from '../provider-adapter';
import { anthropicAdapter } from './anthropic-adapter';

const context: ProviderCallContext = {
  account: { type: 'anthropic', headers: { 'anthropic-beta': 'tools-2024-05-16' } },
  apiKey: 'sk-ant-test',
  model: 'claude-3-5-haiku-latest',
};
const request = ChatCompletionRequestSchema.parse({ model: 'fast', messages: [{ role: 'user', content: 'Hello' }] });

describe('anthropicAdapter', () => {
  it('posts to api.anthropic.com/v1/messages with x-api-key and anthropic-version', () => {
    const upstream = anthropicAdapter.toChatRequest(request, context);
    assert.equal(upstream.method, 'POST');
    assert.equal(upstream.url, 'https://api.anthropic.com/v1/messages');
    assert.deepEqual(upstream.headers, {
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'tools-2024-05-16',
      'x-api-key': 'sk-ant-test',
    });
    assert.equal(anthropicAdapter.speaksOpenAI, false);
    assert.deepEqual(JSON.parse(upstream.body ?? ''), {
      model: 'claude-3-5-haiku-latest',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    });
  });

  it('uses a configured base_url, with or without /v1', () => {
    for (const base of ['http://localhost:9000', 'http://localhost:9000/', 'http://localhost:9000/v1']) {
      const upstream = anthropicAdapter.toChatRequest(request, {
        ...context,
        account: { type: 'anthropic', base_url: base },
      });
      assert.equal(upstream.url, 'http://localhost:9000/v1/messages');
    }
  });

  it('answers 400 naming `model` for embeddings', () => {
    assert.throws(
      () => anthropicAdapter.toEmbeddingsRequest({ model: 'claude', input: 'hi' }, context),
      (error: unknown) =>
        error instanceof InvalidRequestError && error.param === 'model' && /no embeddings API/.test(error.message),
    );
  });
});
