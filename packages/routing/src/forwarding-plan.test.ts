import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type GatewayConfig, GatewayConfigSchema } from '@sluice/config';
import { InvalidRequestError } from '@sluice/errors';
import type { ProviderJob } from '@sluice/queues';
import { oneTargetJob } from '../../../test/helpers/provider-job-fixture';
import { forwardingPlan, type NativeSubmission } from './forwarding-plan';

const config: GatewayConfig = GatewayConfigSchema.parse({
  providers: {
    claude: { type: 'anthropic', api_key: 'k' },
    oai: { type: 'openai', api_key: 'k' },
    gem: { type: 'gemini', api_key: 'k' },
  },
});
const target = (provider: string) => ({
  provider,
  model: 'm',
  overrideParams: {},
  retry: { attempts: 1, onStatus: [], backoffMs: 0 },
  fallbackOn: [],
  timeoutMs: 1000,
});
const job = (...providers: string[]): ProviderJob =>
  oneTargetJob({ plan: providers.map(target), context: { requestedModel: 'claude-x' } });

const call = {
  dialect: 'anthropic' as const,
  body: '{"model":"claude-x"}',
  headers: {},
  query: '',
  loggedAsSent: false,
};
const parsed = { model: 'claude-x', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }], stream: true };
const canonical = { model: 'claude-x', messages: [{ role: 'user' as const, content: 'hi' }] };
type Translation = ReturnType<NativeSubmission['translate']>;
let translations = 0;
const submission = (translation: Translation): NativeSubmission => ({
  call,
  parsed,
  translate: () => {
    translations += 1;
    return translation;
  },
});

describe('forwardingPlan', () => {
  it('an Anthropic-only plan carries only the bytes, never translates, and is cacheable as it came', () => {
    translations = 0;
    const plan = forwardingPlan(
      config,
      job('claude'),
      submission({ ok: true, body: canonical, omitted: ['thinking'] }),
    );
    assert.equal(translations, 0);
    assert.deepEqual(plan.job.body, { model: 'claude-x', max_tokens: 8, stream: true });
    assert.deepEqual(plan.job.native, { ...call, loggedAsSent: true });
    assert.equal(plan.cacheable, true);
    assert.deepEqual(plan.omitted, []);
  });

  it('a plan of translated targets only is cacheable when the canonical form holds the whole request', () => {
    const complete = forwardingPlan(config, job('oai'), submission({ ok: true, body: canonical, omitted: [] }));
    assert.equal(complete.cacheable, true);
    const partial = forwardingPlan(
      config,
      job('oai'),
      submission({ ok: true, body: canonical, omitted: ['thinking'] }),
    );
    assert.equal(partial.cacheable, false);
  });

  it('a translated target gets the canonical form; the bytes ride along for an Anthropic one or the log', () => {
    const mixed = forwardingPlan(
      config,
      job('claude', 'oai'),
      submission({ ok: true, body: canonical, omitted: ['thinking'] }),
    );
    assert.deepEqual(mixed.job.body, canonical);
    assert.ok(mixed.job.native);
    assert.deepEqual(mixed.omitted, ['thinking']);
    assert.equal(mixed.cacheable, true, 'keyed as it came; only an Anthropic answer is stored');
    assert.equal(mixed.cachedAsSent, true);
    const translatedOnly = forwardingPlan(config, job('oai'), submission({ ok: true, body: canonical, omitted: [] }));
    assert.deepEqual(translatedOnly.job.body, canonical);
    assert.deepEqual(translatedOnly.job.native, { ...call, loggedAsSent: false });
    assert.equal(translatedOnly.cachedAsSent, false, 'the body travels for the log; the cache keys the translation');
    const omittedBodies = forwardingPlan(
      config,
      { ...job('oai'), context: { ...job('oai').context, omitBodies: true } },
      submission({ ok: true, body: canonical, omitted: [] }),
    );
    assert.equal(omittedBodies.job.native, undefined);
    const metadataOnly = GatewayConfigSchema.parse({ ...config, logging: { bodies: false } });
    const unlogged = forwardingPlan(metadataOnly, job('oai'), submission({ ok: true, body: canonical, omitted: [] }));
    assert.equal(unlogged.job.native, undefined);
  });

  it('a request without a canonical form is refused for a translated target, naming it and the account', () => {
    const error = new InvalidRequestError('`search_result` blocks may not appear in user messages.', {
      param: 'messages.0.content.0.type',
    });
    assert.deepEqual(forwardingPlan(config, job('claude'), submission({ ok: false, error })).job.body, {
      model: 'claude-x',
      max_tokens: 8,
      stream: true,
    });
    assert.throws(
      () => forwardingPlan(config, job('claude', 'oai'), submission({ ok: false, error })),
      (thrown: unknown) =>
        thrown instanceof InvalidRequestError &&
        thrown.param === 'messages.0.content.0.type' &&
        /routed to "oai" \(type openai\)/.test(thrown.message),
    );
  });

  it('a Gemini request goes as it came to Gemini accounts only: an Anthropic account of its plan is sent the translation', () => {
    const geminiCall = { ...call, dialect: 'gemini' as const, method: 'generateContent', body: '{"contents":[]}' };
    const gemini: NativeSubmission = { call: geminiCall, parsed: { model: 'gemini-x' }, translate: () => translated };
    const translated = { ok: true as const, body: canonical, omitted: [] };
    const alone = forwardingPlan(config, job('gem'), gemini);
    assert.deepEqual(alone.job.native, { ...geminiCall, loggedAsSent: true });
    assert.deepEqual(alone.job.body, { model: 'gemini-x' });
    const mixed = forwardingPlan(config, job('gem', 'claude'), gemini);
    assert.deepEqual(mixed.job.body, canonical);
    assert.equal(mixed.job.native?.dialect, 'gemini');
    const error = new InvalidRequestError('cannot carry safetySettings', { param: 'safetySettings' });
    assert.throws(
      () => forwardingPlan(config, job('gem', 'claude'), { ...gemini, translate: () => ({ ok: false, error }) }),
      (thrown: unknown) =>
        thrown instanceof InvalidRequestError &&
        /routed to "claude" \(type anthropic\).*Gemini accounts are sent the request as it came/.test(thrown.message),
    );
  });
});
