import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlannedTarget, ProviderJob } from '@sluice/queues';
import { forwardedOpenAIBody } from './forward-openai-call';

const target = (model: string, overrideParams: Record<string, unknown> = {}): PlannedTarget => ({
  provider: 'oai',
  model,
  overrideParams,
  retry: { attempts: 1, onStatus: [], backoffMs: 0 },
  fallbackOn: [],
  timeoutMs: 1000,
});
const job = (stream: boolean, body: Record<string, unknown> = {}) =>
  ({ stream, body, context: { requestedModel: 'gpt-3.5-turbo-instruct' } }) as unknown as ProviderJob;
const forwarded = (body: string) => ({ operation: 'completions' as const, body, loggedAsSent: true });

describe('forwardedOpenAIBody', () => {
  const sent = '{"model":"gpt-3.5-turbo-instruct", "prompt":"hi","frobnicate":1}';

  it('keeps the bytes as they came when nothing about the target differs', () => {
    assert.deepEqual(forwardedOpenAIBody(forwarded(sent), target('gpt-3.5-turbo-instruct'), job(false)), {
      text: sent,
      hidesUsage: false,
    });
  });

  it('replaces only the model and override_params', () => {
    const body = forwardedOpenAIBody(forwarded(sent), target('davinci-002', { temperature: 0 }), job(false));
    assert.deepEqual(JSON.parse(body.text), { model: 'davinci-002', prompt: 'hi', frobnicate: 1, temperature: 0 });
  });

  it('asks a stream for its usage, hidden from a client that did not ask; relays it to one that did', () => {
    const streamed = '{"model":"gpt-3.5-turbo-instruct","prompt":"hi","stream":true}';
    const hidden = forwardedOpenAIBody(forwarded(streamed), target('gpt-3.5-turbo-instruct'), job(true));
    assert.equal(hidden.hidesUsage, true);
    assert.deepEqual(JSON.parse(hidden.text).stream_options, { include_usage: true });
    const asked = '{"model":"gpt-3.5-turbo-instruct","stream":true,"stream_options":{"include_usage":true}}';
    const kept = forwardedOpenAIBody(
      forwarded(asked),
      target('gpt-3.5-turbo-instruct'),
      job(true, { stream_options: { include_usage: true } }),
    );
    assert.deepEqual(kept, { text: asked, hidesUsage: false });
  });
});
