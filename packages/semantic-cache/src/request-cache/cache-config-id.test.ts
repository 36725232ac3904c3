import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoutingConfig } from '@sluice/config';
import type { ProviderJobInput } from '@sluice/queues';
import { cacheConfigId } from './cache-config-id';

const retry = { attempts: 1, onStatus: [500], backoffMs: 0 };
const target = (model: string): ProviderJobInput['plan'][number] => ({
  provider: 'openai',
  model,
  retry,
  fallbackOn: [],
  timeoutMs: 1_000,
});
const single: RoutingConfig = {
  strategy: 'single',
  targets: [{ provider: 'openai', model: 'gpt-4o-mini' }],
  cache: { mode: 'exact', ttl_s: 60, threshold: 0.95, serve_stale_on_error: false },
};

describe('cacheConfigId', () => {
  it('is the config id with a hash of its routing, unchanged by the cache block', () => {
    const id = cacheConfigId({ id: 'default', routing: single }, [target('gpt-4o-mini')]);
    assert.match(id, /^default@[0-9a-f]{16}$/);
    const longerTtl = {
      ...single,
      cache: { mode: 'exact' as const, ttl_s: 600, threshold: 0.95, serve_stale_on_error: true },
    };
    assert.equal(cacheConfigId({ id: 'default', routing: longerTtl }, [target('gpt-4o-mini')]), id);
  });

  it('changes when the targets change, and tells inline configs apart', () => {
    const id = cacheConfigId({ id: 'inline', routing: single }, [target('gpt-4o-mini')]);
    const other: RoutingConfig = { strategy: 'single', targets: [{ provider: 'openai', model: 'gpt-4o' }] };
    assert.notEqual(cacheConfigId({ id: 'inline', routing: other }, [target('gpt-4o')]), id);
    assert.match(cacheConfigId({ id: undefined, routing: single }, [target('gpt-4o-mini')]), /^implicit@/);
  });

  it('adds the routed targets for a conditional config, whose branches answer differently', () => {
    const conditional: RoutingConfig = {
      strategy: 'conditional',
      conditions: [{ when: { 'metadata.plan': { $eq: 'paid' } }, then: 'premium' }],
      default: 'basic',
      targets: [
        { name: 'premium', provider: 'openai', model: 'gpt-4o' },
        { name: 'basic', provider: 'openai', model: 'gpt-4o-mini' },
      ],
    };
    const premium = cacheConfigId({ id: 'by-plan', routing: conditional }, [target('gpt-4o')]);
    const basic = cacheConfigId({ id: 'by-plan', routing: conditional }, [target('gpt-4o-mini')]);
    assert.notEqual(premium, basic);
    assert.match(premium, /^by-plan@[0-9a-f]{16}#[0-9a-f]{16}$/);
  });
});
