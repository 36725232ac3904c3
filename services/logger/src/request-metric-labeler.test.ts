import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayConfigSchema } from '@sluice/config';
import { CompletionEventSchema } from '@sluice/queues';
import { RequestMetricLabeler } from './request-metric-labeler';

const config = GatewayConfigSchema.parse({
  providers: { openai: { type: 'openai' }, claude: { type: 'anthropic', models: ['my-claude-deployment'] } },
  configs: { default: { targets: [{ provider: 'openai', model: 'my-finetune-v1' }] } },
  pricing: { 'house-model': { input: 1, output: 2 } },
});

describe('RequestMetricLabeler', () => {
  const labeler = new RequestMetricLabeler(config);

  it('keeps configured and priced models, folds snapshots to their base model, and bounds the rest', () => {
    assert.equal(labeler.model('my-finetune-v1'), 'my-finetune-v1');
    assert.equal(labeler.model('my-claude-deployment'), 'my-claude-deployment');
    assert.equal(labeler.model('house-model'), 'house-model');
    assert.equal(labeler.model('gpt-4o-mini-2024-07-18'), 'gpt-4o-mini');
    assert.equal(labeler.model('claude-3-5-haiku-latest'), 'claude-3-5-haiku');
    assert.equal(labeler.model('user-typed-anything-123'), 'other');
  });

  it('labels providers by configured account only', () => {
    assert.equal(labeler.provider('openai'), 'openai');
    assert.equal(labeler.provider('someone-else'), 'other');
    assert.equal(labeler.provider(null), 'none');
  });

  it('builds a sample from a stored request, attempts included', () => {
    const event = CompletionEventSchema.parse({
      id: 'req_1',
      created_at: new Date().toISOString(),
      mode: 'sync',
      endpoint: 'chat',
      requested_model: 'whatever-the-user-typed',
      served_model: null,
      provider: null,
      status: 'error',
      http_status: 502,
      attempts: [
        { provider: 'openai', model: 'gpt-4o-mini', status: 429, latency_ms: 5 },
        { provider: 'openai', model: 'gpt-4o-mini', status: 'timeout', latency_ms: 5 },
      ],
      latency_ms: 2500,
      properties: { team: 'search' },
      user_id: 'user-1',
    });
    const sample = labeler.sample({
      event,
      computed: {
        prompt_tokens: 0,
        completion_tokens: 0,
        usage_estimated: false,
        cost_usd: 0,
        saved_usd: 0,
        priced: true,
      },
    });
    assert.deepEqual(sample.labels, { provider: 'openai', model: 'gpt-4o-mini', status: 'error', cache: 'off' });
    assert.deepEqual(
      sample.attempts.map((attempt) => attempt.outcome),
      ['429', 'timeout'],
    );
    assert.ok(
      !JSON.stringify(sample).includes('user-1') && !JSON.stringify(sample).includes('search'),
      'no user or property reaches a label',
    );
  });
});
