/** Gemini wire details: function calls, truncation, embeddings, key placement, errors. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startGeminiSimulator } from './gemini-simulator';
import type { RunningSimulator } from './start-simulator';

interface GeminiResponse {
  candidates: { content: { parts: Record<string, unknown>[]; role: string }; finishReason?: string }[];
  usageMetadata: { promptTokenCount: number; candidatesTokenCount: number; totalTokenCount: number };
  modelVersion: string;
}

describe('gemini simulator wire format', () => {
  let simulator: RunningSimulator;

  before(async () => {
    simulator = await startGeminiSimulator();
  });
  after(() => simulator.close());
  beforeEach(() => simulator.reset());

  function call(action: string, body: unknown, query = ''): Promise<Response> {
    return fetch(`${simulator.url}/v1beta/models/gemini-2.5-flash:${action}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'gemini-test' },
      body: JSON.stringify(body),
    });
  }

  test('generateContent reports usageMetadata and the model version', async () => {
    const response = await call('generateContent', {
      system_instruction: { parts: [{ text: 'abcd' }] },
      contents: [{ role: 'user', parts: [{ text: 'hello ' }, { text: 'world' }] }],
    });
    const body = (await response.json()) as GeminiResponse;
    assert.deepEqual(body.candidates[0]?.content, { parts: [{ text: 'Echo: hello world' }], role: 'model' });
    assert.equal(body.candidates[0]?.finishReason, 'STOP');
    assert.equal(body.modelVersion, 'gemini-2.5-flash');
    assert.deepEqual(
      [
        body.usageMetadata.promptTokenCount,
        body.usageMetadata.candidatesTokenCount,
        body.usageMetadata.totalTokenCount,
      ],
      [4, 5, 9],
    );
  });

  test('function declarations produce a functionCall part', async () => {
    const response = await call('generateContent', {
      contents: [{ parts: [{ text: 'call it' }] }],
      tools: [{ functionDeclarations: [{ name: 'first' }, { name: 'second' }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['second'] } },
    });
    const body = (await response.json()) as GeminiResponse;
    assert.deepEqual(body.candidates[0]?.content.parts, [
      { functionCall: { name: 'second', args: { echo: 'call it' } } },
    ]);
    assert.equal(body.candidates[0]?.finishReason, 'STOP');
  });

  test('maxOutputTokens of 1..3 truncates with MAX_TOKENS', async () => {
    const response = await call('generateContent', {
      contents: [{ parts: [{ text: 'long' }] }],
      generationConfig: { maxOutputTokens: 3 },
    });
    const body = (await response.json()) as GeminiResponse;
    assert.equal(body.candidates[0]?.finishReason, 'MAX_TOKENS');
    assert.deepEqual(body.candidates[0]?.content.parts, [{ text: 'Echo: long' }]);
  });

  test('streamGenerateContent without alt=sse streams a JSON array', async () => {
    const response = await call('streamGenerateContent', { contents: [{ parts: [{ text: 'array stream' }] }] });
    const chunks = JSON.parse(await response.text()) as GeminiResponse[];
    assert.ok(chunks.length >= 2);
    assert.equal(chunks.map((chunk) => chunk.candidates[0]?.content.parts[0]?.text).join(''), 'Echo: array stream');
    assert.equal(chunks.at(-1)?.usageMetadata.candidatesTokenCount, Math.ceil('Echo: array stream'.length / 4));
  });

  test('embedContent and batchEmbedContents return unit vectors in order', async () => {
    const single = (await (await call('embedContent', { content: { parts: [{ text: 'alpha' }] } })).json()) as {
      embedding: { values: number[] };
    };
    assert.equal(single.embedding.values.length, 8);
    const batch = (await (
      await call('batchEmbedContents', {
        requests: [
          { model: 'models/gemini-2.5-flash', content: { parts: [{ text: 'beta' }] }, outputDimensionality: 4 },
          { model: 'models/gemini-2.5-flash', content: { parts: [{ text: 'alpha' }] } },
        ],
      })
    ).json()) as { embeddings: { values: number[] }[] };
    assert.equal(batch.embeddings[0]?.values.length, 4);
    assert.deepEqual(batch.embeddings[1]?.values, single.embedding.values);
    const norm = single.embedding.values.reduce((sum, value) => sum + value * value, 0);
    assert.ok(Math.abs(norm - 1) < 1e-5);
  });

  test('the key is accepted from ?key= and a missing key is 403 PERMISSION_DENIED', async () => {
    simulator.configure({ requiredApiKey: 'secret' });
    const viaQuery = await fetch(`${simulator.url}/v1beta/models/gemini-2.5-flash:generateContent?key=secret`, {
      method: 'POST',
      body: JSON.stringify({ contents: [{ parts: [{ text: 'q' }] }] }),
    });
    assert.equal(viaQuery.status, 200);
    await viaQuery.body?.cancel();
    const missing = await fetch(`${simulator.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      body: '{}',
    });
    assert.equal(missing.status, 403);
    assert.equal(((await missing.json()) as { error: { status: string } }).error.status, 'PERMISSION_DENIED');
  });

  test('bad requests are INVALID_ARGUMENT, unknown routes NOT_FOUND, 429 carries RetryInfo', async () => {
    const noContents = await call('generateContent', {});
    assert.equal(noContents.status, 400);
    assert.equal(((await noContents.json()) as { error: { status: string } }).error.status, 'INVALID_ARGUMENT');
    const unknown = await fetch(`${simulator.url}/v1beta/nothing`);
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: { status: string } }).error.status, 'NOT_FOUND');
    simulator.configure({ failStatus: 429, failCount: 1, retryAfterS: 4 });
    const limited = await call('generateContent', { contents: [{ parts: [{ text: 'x' }] }] });
    const limitedBody = (await limited.json()) as { error: { details: { retryDelay?: string }[] } };
    assert.equal(limitedBody.error.details[0]?.retryDelay, '4s');
  });
});
