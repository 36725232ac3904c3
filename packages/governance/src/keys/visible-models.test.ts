import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayConfigSchema } from '@sluice/config';
import type { VirtualKey } from './virtual-key-schemas';
import { visibleModel, visibleModels } from './visible-models';

const config = GatewayConfigSchema.parse({
  providers: { oai: { type: 'openai', api_key: 'k', models: ['gpt-4o'] } },
  configs: { team: { strategy: 'single', targets: [{ provider: 'oai', model: 'gpt-4o-mini' }] } },
  models: { fast: 'team' },
});

function key(allowedModels: string[], allowedConfigs: string[] = []): VirtualKey {
  const now = new Date().toISOString();
  return {
    id: 'vk_1',
    name: 'test',
    keyHash: 'h',
    keyHint: 'sk-…',
    config: null,
    allowedModels,
    allowedConfigs,
    rateLimit: null,
    budget: null,
    ipAllowlist: [],
    expiresAt: null,
    revokedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

const ids = (entries: { id: string }[]) => entries.map((entry) => entry.id).sort();

test('without a key, or with an unrestricted one, every listed model is visible', () => {
  const all = ['fast', 'oai/gpt-4o', 'oai/gpt-4o-mini', 'team'];
  assert.deepEqual(ids(visibleModels(config, undefined)), all);
  assert.deepEqual(ids(visibleModels(config, key([]))), all);
});

test('a restricted key sees its allowed configs (and their aliases) and the models it names', () => {
  assert.deepEqual(ids(visibleModels(config, key(['claude-x'], ['team']))), ['claude-x', 'fast', 'team']);
});

test('one model: listed or resolvable by name, and visible to the key; undefined otherwise', () => {
  assert.equal(visibleModel(config, undefined, 'oai/some-new-model')?.owned_by, 'oai');
  assert.equal(visibleModel(config, undefined, 'nowhere/model'), undefined);
  assert.equal(visibleModel(config, key(['gpt-4o-mini']), 'team'), undefined);
  assert.equal(visibleModel(config, key([], ['team']), 'team')?.owned_by, 'sluice-config');
});
