import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayConfigSchema } from '@sluice/config';
import { resolveConfig } from './resolve-config';

const config = GatewayConfigSchema.parse({
  providers: {
    oai: { type: 'openai', api_key: 'k' },
    claude: { type: 'anthropic', api_key: 'k' },
    gem: { type: 'gemini', api_key: 'k' },
  },
});
const providerOf = (model: string, dialect: 'openai' | 'anthropic' | 'gemini') => {
  const target = resolveConfig(config, model, undefined, dialect).routing.targets[0];
  return target && 'provider' in target ? target.provider : undefined;
};

describe('resolveConfig for a model name nobody configured', () => {
  it('sends a name of the dialect’s own family to the first account of that provider', () => {
    assert.equal(providerOf('claude-sonnet-4-5', 'anthropic'), 'claude');
    assert.equal(providerOf('gemini-2.5-flash', 'gemini'), 'gem');
    assert.equal(providerOf('gemini-embedding-001', 'gemini'), 'gem');
  });

  it('sends any other name, or a family name in another dialect, to the first provider', () => {
    assert.equal(providerOf('gemini-2.5-flash', 'openai'), 'oai');
    assert.equal(providerOf('claude-sonnet-4-5', 'gemini'), 'oai');
    assert.equal(providerOf('text-embedding-004', 'gemini'), 'oai');
  });
});
