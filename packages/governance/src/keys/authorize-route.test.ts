import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayConfigSchema } from '@sluice/config';
import { PermissionError } from '@sluice/errors';
import { authorizeRoute, matchesModelPattern } from './authorize-route';
import type { VirtualKey } from './virtual-key-schemas';

const config = GatewayConfigSchema.parse({
  providers: { openai: { type: 'openai' } },
  configs: {
    cheap: { targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] },
    premium: { targets: [{ provider: 'openai', model: 'gpt-4o' }] },
  },
  models: { fast: 'cheap' },
  default_config: 'cheap',
});

function key(settings: Partial<VirtualKey>): VirtualKey {
  return {
    id: 'vk_1',
    name: 'k',
    keyHash: '',
    keyHint: '',
    config: null,
    allowedModels: [],
    allowedConfigs: [],
    rateLimit: null,
    budget: null,
    ipAllowlist: [],
    expiresAt: null,
    revokedAt: null,
    createdAt: '',
    updatedAt: '',
    ...settings,
  };
}

const refused = (code: string) => (error: unknown) => error instanceof PermissionError && error.code === code;

describe('a virtual key’s model and config permissions', () => {
  test('an unrestricted key may route anywhere, inline configs included', () => {
    assert.deepEqual(authorizeRoute(key({}), { model: 'openai/gpt-4o', configHeader: '{"targets":[]}' }, config), {
      configOverride: undefined,
    });
  });

  test('allowed_models accepts exact names and * patterns, and refuses the rest with 403', () => {
    const restricted = key({ allowedModels: ['gpt-4o-mini', 'openai/*'] });
    assert.ok(authorizeRoute(restricted, { model: 'gpt-4o-mini', configHeader: undefined }, config));
    assert.ok(authorizeRoute(restricted, { model: 'openai/gpt-4.1', configHeader: undefined }, config));
    assert.throws(
      () => authorizeRoute(restricted, { model: 'gpt-4o', configHeader: undefined }, config),
      refused('model_not_allowed'),
    );
    assert.throws(
      () => authorizeRoute(restricted, { model: 'gpt-4o-mini', configHeader: 'premium' }, config),
      refused('config_not_allowed'),
    );
    assert.throws(
      () => authorizeRoute(restricted, { model: 'gpt-4o-mini', configHeader: '{"targets":[]}' }, config),
      refused('config_not_allowed'),
    );
    assert.ok(matchesModelPattern(['gpt-*-mini'], 'gpt-4o-mini'));
    assert.ok(!matchesModelPattern(['gpt-4o.mini'], 'gpt-4oXmini'), 'dots are literal');
  });

  test('the key’s config applies when the request names none, and is always allowed', () => {
    const withConfig = key({ config: 'premium', allowedConfigs: ['cheap'] });
    assert.deepEqual(authorizeRoute(withConfig, { model: 'gpt-4o', configHeader: undefined }, config), {
      configOverride: 'premium',
    });
    assert.deepEqual(authorizeRoute(withConfig, { model: 'gpt-4o', configHeader: 'premium' }, config), {
      configOverride: undefined,
    });
    assert.deepEqual(authorizeRoute(withConfig, { model: 'fast', configHeader: undefined }, config), {
      configOverride: undefined,
    });
  });

  test('allowed_configs refuses other configs, aliases to them and routes by no config', () => {
    const onlyCheap = key({ allowedConfigs: ['cheap'] });
    assert.throws(
      () => authorizeRoute(onlyCheap, { model: 'm', configHeader: 'premium' }, config),
      refused('config_not_allowed'),
    );
    assert.throws(
      () => authorizeRoute(onlyCheap, { model: 'premium', configHeader: undefined }, config),
      refused('config_not_allowed'),
    );
    assert.deepEqual(
      authorizeRoute(onlyCheap, { model: 'openai/gpt-4o', configHeader: undefined }, config),
      { configOverride: 'cheap' },
      'the default config, when allowed',
    );
    const onlyPremium = key({ allowedConfigs: ['premium'] });
    assert.throws(
      () => authorizeRoute(onlyPremium, { model: 'openai/gpt-4o', configHeader: undefined }, config),
      refused('config_not_allowed'),
    );
  });
});
