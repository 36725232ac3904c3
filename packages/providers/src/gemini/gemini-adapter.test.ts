import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatCompletionRequestSchema } from '../openai-chat-schema';
import type { ProviderCallContext } from '../provider-adapter';
import { geminiAdapter } from './gemini-adapter';

const context: ProviderCallContext = { account: { type: 'gemini' }, apiKey: 'AIza-test', model: 'gemini-2.0-flash' };
const chat = { model: 'g', messages: [{ role: 'user', content: 'Hello' }] };

describe('geminiAdapter', () => {
  it('posts to generateContent with the key in x-goog-api-key, never in the URL', () => {
    const upstream = geminiAdapter.toChatRequest(ChatCompletionRequestSchema.parse(chat), context);
    assert.equal(
      upstream.url,
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent',
    );
    assert.deepEqual(upstream.headers, { 'content-type': 'application/json', 'x-goog-api-key': 'AIza-test' });
    assert.ok(!upstream.url.includes('AIza-test'));
    assert.equal(geminiAdapter.speaksOpenAI, false);
  });

  it('streams from streamGenerateContent?alt=sse', () => {
    const upstream = geminiAdapter.toChatRequest(ChatCompletionRequestSchema.parse({ ...chat, stream: true }), context);
    assert.equal(
      upstream.url,
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse',
    );
  });

  it('respects a base_url, with or without a version, and a tuned model path', () => {
    const request = ChatCompletionRequestSchema.parse(chat);
    for (const base of ['http://localhost:9100', 'http://localhost:9100/v1beta/']) {
      const upstream = geminiAdapter.toChatRequest(request, {
        ...context,
        account: { type: 'gemini', base_url: base },
      });
      assert.equal(upstream.url, 'http://localhost:9100/v1beta/models/gemini-2.0-flash:generateContent');
    }
    const tuned = geminiAdapter.toChatRequest(request, { ...context, model: 'tunedModels/my-model-7' });
    assert.equal(tuned.url, 'https://generativelanguage.googleapis.com/v1beta/tunedModels/my-model-7:generateContent');
  });

  it('embeds through embedContent and batchEmbedContents', () => {
    const embeddingContext = { ...context, model: 'gemini-embedding-001' };
    const single = geminiAdapter.toEmbeddingsRequest({ model: 'e', input: 'x' }, embeddingContext);
    assert.equal(
      single.url,
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:embedContent',
    );
    const batch = geminiAdapter.toEmbeddingsRequest({ model: 'e', input: ['x', 'y'] }, embeddingContext);
    assert.equal(
      batch.url,
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents',
    );
    const response = geminiAdapter.fromEmbeddingsResponse(
      { embeddings: [{ values: [1] }, { values: [2] }] },
      embeddingContext,
      { model: 'e', input: ['x', 'y'] },
    );
    assert.equal(response.model, 'gemini-embedding-001');
    assert.equal(response.data.length, 2);
  });
});
