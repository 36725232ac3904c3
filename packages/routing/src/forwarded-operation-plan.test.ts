import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type GatewayConfig, GatewayConfigSchema } from '@sluice/config';
import { InvalidRequestError } from '@sluice/errors';
import { completionsToChatRequest } from '@sluice/providers';
import type { ProviderJob } from '@sluice/queues';
import { oneTargetJob } from '../../../test/helpers/provider-job-fixture';
import { type ForwardedSubmission, forwardedOperationPlan } from './forwarded-operation-plan';

const config: GatewayConfig = GatewayConfigSchema.parse({
  providers: {
    oai: { type: 'openai', api_key: 'k' },
    az: { type: 'azure-openai', base_url: 'https://r.openai.azure.com', api_key: 'k' },
    claude: { type: 'anthropic', api_key: 'k' },
    rr: { type: 'openai', base_url: 'https://api.jina.ai/v1', rerank: true },
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
  oneTargetJob({ kind: 'completions', plan: providers.map(target), context: { requestedModel: 'm' } });

const completions = (body: Record<string, unknown>): ForwardedSubmission => ({
  operation: 'completions',
  bodyText: JSON.stringify(body),
  envelope: { model: body.model },
  toChat: () => completionsToChatRequest(body),
});

describe('forwardedOperationPlan', () => {
  it('targets that all serve the operation get the bytes as they came, and the log keeps them', () => {
    const planned = forwardedOperationPlan(
      config,
      job('oai', 'az'),
      completions({ model: 'm', prompt: 'hi', echo: true }),
    );
    assert.equal(planned.kind, 'completions');
    assert.deepEqual(planned.body, { model: 'm' });
    assert.deepEqual(planned.forwarded, {
      operation: 'completions',
      body: '{"model":"m","prompt":"hi","echo":true}',
      loggedAsSent: true,
    });
  });

  it('a completions plan with an Anthropic target carries the chat translation beside the bytes', () => {
    const planned = forwardedOperationPlan(config, job('claude', 'oai'), completions({ model: 'm', prompt: 'hi' }));
    assert.deepEqual(planned.body, { model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(planned.forwarded?.loggedAsSent, false);
    const translatedOnly = forwardedOperationPlan(config, job('claude'), completions({ model: 'm', prompt: 'hi' }));
    assert.equal(translatedOnly.forwarded, undefined, 'no target needs the bytes: they do not travel');
  });

  it('refuses what the translation cannot carry, naming the field and the account', () => {
    assert.throws(
      () =>
        forwardedOperationPlan(config, job('claude', 'oai'), completions({ model: 'm', prompt: 'hi', suffix: 'x' })),
      (error: unknown) =>
        error instanceof InvalidRequestError &&
        error.param === 'suffix' &&
        /"claude" \(type anthropic\)/.test(error.message),
    );
  });

  it('moderations and rerank skip targets that do not serve them, and refuse a plan with none left', () => {
    const rerank: ForwardedSubmission = { operation: 'rerank', bodyText: '{}', envelope: { model: 'm' } };
    assert.deepEqual(
      forwardedOperationPlan(config, job('oai', 'rr'), rerank).plan.map((planned) => planned.provider),
      ['rr'],
    );
    assert.throws(
      () => forwardedOperationPlan(config, job('claude', 'az'), { ...rerank, operation: 'moderations' }),
      (error: unknown) => error instanceof InvalidRequestError && error.code === 'unsupported_endpoint',
    );
  });
});
