import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type OpenAIGatewayFixture, startOpenAIGatewayFixture } from '../helpers/openai-gateway-fixture';

async function postRaw(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as {
      error: { message: string; type: string; code: string | null; param: string | null };
    },
  };
}

describe('errors are OpenAI-shaped and say what to change', () => {
  let fixture: OpenAIGatewayFixture;
  let chatUrl: string;
  const ask = (content = 'hi') =>
    fixture.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });

  before(async () => {
    fixture = await startOpenAIGatewayFixture('', { SLUICE_BODY_LIMIT: '4096', SLUICE_MAX_RATE_LIMIT_DEFERRALS: '0' });
    chatUrl = `${fixture.gateway.baseURL}/chat/completions`;
  });
  after(async () => fixture.stop());
  beforeEach(() => fixture.simulator.reset());

  test('an upstream 400 passes through with its status and message', async () => {
    fixture.simulator.configure({ failStatus: 400, failCount: 1 });
    await assert.rejects(ask(), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal(error.status, 400);
      assert.equal(error.type, 'invalid_request_error');
      return true;
    });
  });

  test('an upstream 500 becomes 502 listing the attempts', async () => {
    fixture.simulator.configure({ failStatus: 500 });
    await assert.rejects(ask(), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 502);
      assert.equal(error.type, 'upstream_error');
      assert.match(error.message, /openai\/gpt-4o-mini: 500/);
      assert.equal(error.headers?.get('x-sluice-attempts'), '1');
      return true;
    });
  });

  test('an upstream 429 that outlasts every retry comes back as 429 with Retry-After', async () => {
    fixture.simulator.configure({ failStatus: 429, retryAfterS: 7 });
    await assert.rejects(ask(), (error: unknown) => {
      assert.ok(error instanceof OpenAI.RateLimitError);
      assert.equal(error.headers?.get('retry-after'), '7');
      return true;
    });
  });

  test('a slow provider past timeout_ms is a 504', async () => {
    fixture.simulator.configure({ latencyMs: 8000 });
    const started = Date.now();
    await assert.rejects(ask(), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 504);
      assert.equal(error.type, 'timeout');
      return true;
    });
    assert.ok(Date.now() - started < 7000, 'the 5 s account timeout cut the call short');
  });

  test('a dropped connection is a 502 naming the network failure', async () => {
    fixture.simulator.configure({ drop: 'before-headers' });
    await assert.rejects(ask(), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 502);
      assert.match(error.message, /network/);
      return true;
    });
  });

  test('a stream cut after the first token ends with an error event, never a clean end', async () => {
    fixture.simulator.configure({ drop: 'mid-stream' });
    const stream = await fixture.client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'a b c d' }],
    });
    await assert.rejects(async () => {
      for await (const _chunk of stream) {
        // consume until the error surfaces
      }
    }, /closed the stream/);
  });

  test('malformed JSON is a 400 invalid_json', async () => {
    const { status, json } = await postRaw(chatUrl, '{"model": "x", ');
    assert.equal(status, 400);
    assert.equal(json.error.code, 'invalid_json');
    assert.equal(json.error.type, 'invalid_request_error');
  });

  test('a body over the limit is a 413', async () => {
    const { status, json } = await postRaw(
      chatUrl,
      JSON.stringify({ model: 'x', messages: [{ role: 'user', content: 'x'.repeat(5000) }] }),
    );
    assert.equal(status, 413);
    assert.match(json.error.message, /4096-byte limit/);
  });

  test('validation errors name each bad field', async () => {
    const { status, json } = await postRaw(
      chatUrl,
      JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'robot', content: 'x' }], temperature: 9 }),
    );
    assert.equal(status, 400);
    assert.match(json.error.message, /messages\.0\.role/);
    assert.match(json.error.message, /temperature/);
    const missing = await postRaw(chatUrl, JSON.stringify({ model: 'gpt-4o-mini' }));
    assert.equal(missing.json.error.param, 'messages');
  });

  test('a bad x-sluice-metadata or inline config is a 400 naming it', async () => {
    const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    const metadata = await postRaw(chatUrl, body, { 'x-sluice-metadata': '[1,2' });
    assert.equal(metadata.json.error.param, 'x-sluice-metadata');
    const inline = await postRaw(chatUrl, body, {
      'x-sluice-config': JSON.stringify({ strategy: 'fallback', targets: [{ provider: 'nope' }] }),
    });
    assert.equal(inline.status, 400);
    assert.match(inline.json.error.message, /x-sluice-config\.targets\.0\.provider: no provider named "nope"/);
  });

  test('an unknown route is a 404 in the same shape', async () => {
    const { status, json } = await postRaw(`${fixture.gateway.baseURL}/no/such/thing`, '{}');
    assert.equal(status, 404);
    assert.equal(json.error.code, 'unknown_route');
  });
});
