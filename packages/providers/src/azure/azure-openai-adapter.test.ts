import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SluiceError } from '@sluice/errors';
import {
  readJsonFixture,
  readSseFixture,
  readTextFixture,
} from '../../../../test/fixtures/providers/read-provider-fixture';
import { ChatCompletionRequestSchema } from '../openai-chat-schema';
import type { ProviderCallContext } from '../provider-adapter';
import { AZURE_DEFAULT_API_VERSION, azureOpenAIAdapter } from './azure-openai-adapter';

const context: ProviderCallContext = {
  account: {
    type: 'azure-openai',
    base_url: 'https://contoso.openai.azure.com/',
    headers: { 'x-ms-client-request-id': 'abc' },
  },
  apiKey: 'azure-key',
  model: 'gpt-4o-deployment',
};
const chat = ChatCompletionRequestSchema.parse({
  model: 'fast',
  messages: [{ role: 'user', content: 'Hello' }],
  stream: true,
});

describe('azureOpenAIAdapter', () => {
  it('posts chat completions to the deployment with api-version and the api-key header', () => {
    const upstream = azureOpenAIAdapter.toChatRequest(chat, context);
    assert.equal(
      upstream.url,
      `https://contoso.openai.azure.com/openai/deployments/gpt-4o-deployment/chat/completions?api-version=${AZURE_DEFAULT_API_VERSION}`,
    );
    assert.equal(AZURE_DEFAULT_API_VERSION, '2024-10-21');
    assert.deepEqual(upstream.headers, {
      'content-type': 'application/json',
      'x-ms-client-request-id': 'abc',
      'api-key': 'azure-key',
    });
    assert.deepEqual(JSON.parse(upstream.body ?? ''), { ...chat, model: 'gpt-4o-deployment' });
    assert.equal(azureOpenAIAdapter.speaksOpenAI, true);
  });

  it('posts a chat request’s text as it is to the deployment, with the same URL and headers', () => {
    const text = '{ "model": "gpt-4o-deployment", "messages": [{"role": "user", "content": "Hello"}] }';
    const upstream = azureOpenAIAdapter.toChatRequestText?.(text, context);
    assert.deepEqual(upstream, { ...azureOpenAIAdapter.toChatRequest(chat, context), body: text });
  });

  it('posts embeddings to the deployment with the account’s api_version, also when base_url ends in /openai', () => {
    const upstream = azureOpenAIAdapter.toEmbeddingsRequest(
      { model: 'e', input: 'hi' },
      {
        ...context,
        model: 'embed-small',
        account: {
          type: 'azure-openai',
          base_url: 'https://contoso.openai.azure.com/openai',
          api_version: '2025-04-01-preview',
        },
      },
    );
    assert.equal(
      upstream.url,
      'https://contoso.openai.azure.com/openai/deployments/embed-small/embeddings?api-version=2025-04-01-preview',
    );
  });

  it('needs a base_url', () => {
    assert.throws(
      () => azureOpenAIAdapter.toChatRequest(chat, { ...context, account: { type: 'azure-openai' } }),
      (error: unknown) => error instanceof SluiceError && error.code === 'provider_misconfigured',
    );
  });

  it('relays answers and stream chunks as OpenAI’s, including Azure’s prompt_filter_results chunk', () => {
    const body = readJsonFixture('azure', 'chat-completion-response.json');
    const completion = azureOpenAIAdapter.fromChatResponse(body, context);
    assert.equal(completion.choices[0]?.message.content, 'Yes, customer managed keys are supported by Azure OpenAI.');
    assert.equal(completion.model, 'gpt-4o-2024-08-06');
    assert.equal(completion.usage?.total_tokens, 590);
    assert.ok('prompt_filter_results' in completion, "Azure's own fields pass");
    const translator = azureOpenAIAdapter.createChatStreamTranslator(context);
    const chunks = readSseFixture('azure', 'chat-completion-stream.txt').flatMap((event) =>
      translator.fromUpstreamEvent(event),
    );
    assert.equal(chunks.length, 5);
    assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), 'Hello');
    assert.deepEqual(translator.usage(), { completion_tokens: 2, prompt_tokens: 9, total_tokens: 11 });
    translator.finish();
  });

  it('maps a content_filter 400 and a 429 with retry-after-ms', () => {
    const filtered = azureOpenAIAdapter.fromErrorResponse(
      400,
      readTextFixture('azure', 'error-content-filter.json'),
      {},
    );
    assert.equal(filtered.status, 400);
    assert.equal(filtered.code, 'content_filter');
    assert.equal(filtered.param, 'prompt');
    assert.equal(filtered.retryable, false);
    const limited = azureOpenAIAdapter.fromErrorResponse(429, readTextFixture('azure', 'error-rate-limit.json'), {
      'retry-after-ms': '6000',
      'retry-after': '6',
    });
    assert.equal(limited.retryable, true);
    assert.equal(limited.retryAfterMs, 6000);
  });
});
