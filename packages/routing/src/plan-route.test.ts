import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type GatewayConfig, GatewayConfigSchema, type RoutingConfig } from '@sluice/config';
import { pickWeighted, planRoute } from './plan-route';
import type { RequestFacts } from './request-facts';

const config: GatewayConfig = GatewayConfigSchema.parse({
  providers: { a: { type: 'openai', timeout_ms: 9_000 }, b: { type: 'anthropic' }, c: { type: 'gemini' } },
});
const facts: RequestFacts = {
  model: 'asked-model',
  params: {},
  metadata: {},
  user: undefined,
  properties: {},
  promptChars: 10,
  lastMessageContent: '',
};

test('a fallback chain expands every target in order, nested configs inheriting what they do not set', () => {
  const routing: RoutingConfig = {
    strategy: 'fallback',
    retry: { attempts: 3, on_status: [500], backoff_ms: 50 },
    fallback_on: [500, 'timeout'],
    override_params: { temperature: 0 },
    targets: [
      { provider: 'a', model: 'm-a', override_params: { top_p: 0.5 } },
      {
        config: {
          strategy: 'fallback',
          timeout_ms: 1_000,
          targets: [{ provider: 'b' }, { provider: 'c', model: 'm-c' }],
        },
      },
    ],
  };
  const plan = planRoute(routing, { config, facts });
  assert.deepEqual(
    plan.map((target) => `${target.provider}:${target.model}`),
    ['a:m-a', 'b:asked-model', 'c:m-c'],
  );
  assert.deepEqual(plan[0]?.overrideParams, { temperature: 0, top_p: 0.5 });
  assert.equal(plan[0]?.timeoutMs, 9_000, "the account's timeout when no config sets one");
  assert.equal(plan[1]?.timeoutMs, 1_000, "the nested config's own timeout");
  assert.deepEqual(plan[2]?.retry, { attempts: 3, onStatus: [500], backoffMs: 50 }, 'retry inherited');
  assert.deepEqual(plan[2]?.fallbackOn, [500, 'timeout']);
});

test('a load balancer contributes one weighted pick', () => {
  const routing: RoutingConfig = {
    strategy: 'loadbalance',
    targets: [
      { provider: 'a', weight: 3 },
      { provider: 'b', weight: 1 },
    ],
  };
  assert.equal(planRoute(routing, { config, facts, random: () => 0.74 })[0]?.provider, 'a');
  assert.equal(planRoute(routing, { config, facts, random: () => 0.76 })[0]?.provider, 'b');
  assert.equal(planRoute(routing, { config, facts, random: () => 0.76 }).length, 1);
});

test('weighted picks converge on their weights', () => {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const counts = { a: 0, b: 0, c: 0 };
  for (let index = 0; index < 20_000; index += 1) {
    const target = pickWeighted(
      [{ provider: 'a', weight: 5 }, { provider: 'b', weight: 3 }, { provider: 'c' }],
      random,
    );
    counts[(target as { provider: 'a' | 'b' | 'c' }).provider] += 1;
  }
  assert.ok(Math.abs(counts.a / 20_000 - 5 / 9) < 0.02);
  assert.ok(Math.abs(counts.b / 20_000 - 3 / 9) < 0.02);
  assert.ok(Math.abs(counts.c / 20_000 - 1 / 9) < 0.02);
});

test('a conditional config without a match or default is a 400', () => {
  const routing: RoutingConfig = {
    strategy: 'conditional',
    conditions: [{ when: { 'metadata.plan': 'paid' }, then: 'x' }],
    targets: [{ name: 'x', provider: 'a' }],
  };
  assert.throws(() => planRoute(routing, { config, facts }), /no condition matched/);
});
