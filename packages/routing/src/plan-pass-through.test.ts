import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayConfigSchema } from '@sluice/config';
import { type PassThroughRequest, planPassThrough } from './plan-pass-through';

const config = GatewayConfigSchema.parse({
  providers: {
    vendor: { type: 'openai', base_url: 'https://vendor.example/v1', api_key: 'from-file' },
    gem: { type: 'gemini', api_key: 'g' },
  },
  configs: {
    vendor: { strategy: 'single', targets: [{ provider: 'vendor' }] },
    gemini: { strategy: 'single', targets: [{ provider: 'gem' }] },
  },
});

function request(configName: string): PassThroughRequest {
  const context = { requestedModel: '', properties: {}, metadata: {}, omitBodies: false };
  return { configName, method: 'GET', path: '/v1/vector_stores/vs_1', search: '?limit=2', context };
}

test('goes to the first target of the named config, at its account URL with its key', () => {
  const plan = planPassThrough(request('vendor'), config, () => 'stored-key');
  assert.equal(plan.ok, true);
  assert.deepEqual([plan.configId, plan.provider], ['vendor', 'vendor']);
  if (!plan.ok) return;
  assert.equal(plan.destination.url, 'https://vendor.example/v1/vector_stores/vs_1?limit=2');
  assert.equal(plan.destination.headers.authorization, 'Bearer stored-key');
});

test('an account without /v1 paths is a 400 naming it, with the config and account still recorded', () => {
  const plan = planPassThrough(request('gemini'), config, () => undefined);
  assert.equal(plan.ok, false);
  assert.deepEqual([plan.configId, plan.provider], ['gemini', 'gem']);
  if (plan.ok) return;
  assert.equal(plan.error.status, 400);
  assert.match(plan.error.message, /provider "gem" \(type gemini\)/);
});
