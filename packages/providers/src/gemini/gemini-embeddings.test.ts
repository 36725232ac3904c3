import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError, UPSTREAM_INVALID_RESPONSE, UpstreamError } from '@sluice/errors';
import { readJsonFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import { fromGeminiEmbeddingsResponse } from './from-gemini-embeddings-response';
import { toGeminiEmbeddingsCall } from './to-gemini-embeddings-request';

const MODEL = 'gemini-embedding-001';

describe('Gemini embeddings', () => {
  it('sends one string to embedContent with outputDimensionality from dimensions', () => {
    assert.deepEqual(
      toGeminiEmbeddingsCall({ model: 'e', input: 'What is the meaning of life?', dimensions: 768 }, MODEL),
      {
        method: 'embedContent',
        body: {
          model: 'models/gemini-embedding-001',
          content: { parts: [{ text: 'What is the meaning of life?' }] },
          outputDimensionality: 768,
        },
      },
    );
  });

  it('sends an array of strings to batchEmbedContents, one request each', () => {
    assert.deepEqual(toGeminiEmbeddingsCall({ model: 'e', input: ['a', 'b'] }, MODEL), {
      method: 'batchEmbedContents',
      body: {
        requests: [
          { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] } },
          { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] } },
        ],
      },
    });
  });

  it('answers 400 for token-id input', () => {
    assert.throws(
      () => toGeminiEmbeddingsCall({ model: 'e', input: [1, 2, 3] }, MODEL),
      (error: unknown) => error instanceof InvalidRequestError && error.param === 'input',
    );
  });

  it('translates embedContent and batchEmbedContents answers into OpenAI lists', () => {
    const single = fromGeminiEmbeddingsResponse(readJsonFixture('gemini', 'embed-content-response.json'), MODEL, {
      model: 'e',
      input: 'x',
    });
    assert.deepEqual(single, {
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.013168523, -0.00080315363, -0.040776055, 0.05437081] }],
      model: MODEL,
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
    const batch = fromGeminiEmbeddingsResponse(readJsonFixture('gemini', 'batch-embed-contents-response.json'), MODEL, {
      model: 'e',
      input: ['a', 'b'],
    });
    assert.deepEqual(
      batch.data.map((item) => item.index),
      [0, 1],
    );
    assert.deepEqual(batch.data[1]?.embedding, [-0.019342018, 0.0066587664, -0.023014523, 0.04420315]);
  });

  it('answers 502 upstream_invalid_response for an answer without its vectors', () => {
    for (const [body, input] of [
      [{ unexpected: 'shape' }, 'x'],
      [{ embedding: { values: ['a'] } }, 'x'],
      [{ embedding: { values: [0.1] } }, ['a', 'b']],
    ] as const) {
      assert.throws(
        () =>
          fromGeminiEmbeddingsResponse(body, MODEL, {
            model: 'e',
            input: typeof input === 'string' ? input : [...input],
          }),
        (error: unknown) => error instanceof UpstreamError && error.code === UPSTREAM_INVALID_RESPONSE,
      );
    }
  });

  it('encodes vectors as little-endian float32 base64 when asked', () => {
    const response = fromGeminiEmbeddingsResponse({ embedding: { values: [1, -2] } }, MODEL, {
      model: 'e',
      input: 'x',
      encoding_format: 'base64',
    });
    const encoded = response.data[0]?.embedding;
    assert.equal(typeof encoded, 'string');
    const bytes = Buffer.from(encoded as string, 'base64');
    assert.deepEqual([bytes.readFloatLE(0), bytes.readFloatLE(4)], [1, -2]);
  });
});
