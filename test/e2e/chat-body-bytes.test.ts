/**
 * A chat request's bytes flow once (issue #17): an OpenAI-compatible account is sent the client's body as it came,
 * with only what a target must change replaced; a translated target and the request log get the same request.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { CompletionEventProbe } from '../helpers/completion-events';
import { type MixedProviderGateway, startMixedProviderGateway } from '../helpers/mixed-provider-gateway';

const ADMIN_TOKEN = 'admin-token-for-chat-body-bytes';

const CONFIGS = [
  'configs:',
  '  renamed: { targets: [ { provider: oai, model: gpt-4o-2024-08-06 } ] }',
  '  openai-then-claude:',
  '    strategy: fallback',
  '    retry: { attempts: 1 }',
  '    targets: [ { provider: oai, model: gpt-4o-mini }, { provider: claude, model: claude-haiku-4-5 } ]',
].join('\n');

/** A body as a client might write it: spaced, keys in its own order, a field Sluice does not know, an escaped emoji. */
const SENT = `{ "messages": [ {"role": "user", "content": "Hi \\ud83d\\ude80"} ],\n  "x_vendor_hint": {"keep": true}, "model": "gpt-4o-mini" }`;

describe('chat request bytes', () => {
  let mixed: MixedProviderGateway;
  let events: CompletionEventProbe;
  const openAI = () => mixed.simulators.openai.stats();

  before(async () => {
    mixed = await startMixedProviderGateway(CONFIGS, { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN });
    events = new CompletionEventProbe(mixed.gateway.prefix);
  });
  after(async () => {
    await events.close();
    await mixed.stop();
  });
  beforeEach(() => mixed.reset());

  async function chat(body: string, config?: string): Promise<Response> {
    const response = await fetch(`${mixed.gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(config ? { 'x-sluice-config': config } : {}),
      },
      body,
    });
    assert.equal(response.status, 200, await response.clone().text());
    return response;
  }

  async function loggedRequestBody(response: Response): Promise<unknown> {
    const requestId = response.headers.get('x-sluice-request-id') ?? '';
    await events.waitForGroup('logger', requestId);
    const record = await fetch(`${mixed.gateway.baseURL}/logs/${requestId}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    return ((await record.json()) as { request_body?: unknown }).request_body;
  }

  test('an OpenAI-compatible account gets the body byte for byte, and the log keeps it', async () => {
    const response = await chat(SENT);
    assert.equal(openAI().lastRawBody, SENT);
    assert.deepEqual(await loggedRequestBody(response), JSON.parse(SENT));
  });

  test('a target naming another model gets the same bytes with only the model replaced', async () => {
    await chat(SENT, 'renamed');
    assert.equal(openAI().lastRawBody, SENT.replace('"gpt-4o-mini"', '"gpt-4o-2024-08-06"'));
  });

  test('a stream that does not ask for its usage is sent with include_usage asked, and answered without it', async () => {
    const sent = SENT.replace('"model"', '"stream": true, "model"');
    const response = await chat(sent);
    assert.equal(openAI().lastRawBody, `{"stream_options":{"include_usage":true},${sent.slice(1)}`);
    const text = await response.text();
    assert.match(text, /data: \[DONE\]/);
    assert.doesNotMatch(text, /"usage":\{/);
  });

  test('Anthropic cache_control breakpoints are still left out for an OpenAI-compatible account', async () => {
    const sent = JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }] }],
    });
    await chat(sent);
    assert.deepEqual(openAI().lastBody, {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stream: false,
    });
  });

  test('a fallback to an Anthropic account is sent the translation of the same request', async () => {
    mixed.simulators.openai.configure({ failStatus: 500, failCount: 1 });
    const sent = SENT.replace(' "x_vendor_hint": {"keep": true},', '');
    const response = await chat(sent, 'openai-then-claude');
    assert.equal(response.headers.get('x-sluice-provider'), 'claude');
    const sentToClaude = mixed.simulators.anthropic.stats().lastBody as { messages: unknown[] };
    assert.deepEqual(sentToClaude.messages, [{ role: 'user', content: [{ type: 'text', text: 'Hi 🚀' }] }]);
    assert.deepEqual(await loggedRequestBody(response), JSON.parse(sent));
  });
});
