import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { SluiceError } from '@sluice/errors';
import { noHashTag } from '@sluice/queues';
import { Redis } from 'ioredis';
import { deleteKeys } from '../../../../test/helpers/start-test-gateway';
import { BudgetLedger } from '../budgets/budget-ledger';
import { createGovernanceKeys } from '../governance-keys';
import type { Principal } from '../identity/request-identity';
import type { KnownVirtualKey } from '../keys/virtual-key-directory';
import { ConsumerRateLimiter } from '../limits/consumer-rate-limiter';
import { parseRateLimitPolicies } from '../limits/rate-limit-policy';
import { IpAllowlist } from '../network/ip-allowlist';
import { type PassThroughToAdmit, passThroughAdmission } from './pass-through-admission';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function keyWith(rateLimit: string | null): Principal {
  const now = new Date().toISOString();
  const key: KnownVirtualKey = {
    record: {
      id: `vk_${randomUUID().slice(0, 8)}`,
      name: 'pass-through',
      keyHash: 'h',
      keyHint: 'sk-…',
      config: 'vendor',
      allowedModels: [],
      allowedConfigs: [],
      rateLimit,
      budget: null,
      ipAllowlist: [],
      expiresAt: null,
      revokedAt: null,
      createdAt: now,
      updatedAt: now,
    },
    policies: rateLimit ? parseRateLimitPolicies(rateLimit, 'rate_limit') : [],
    ipAllowlist: IpAllowlist.parse([], 'ip_allowlist'),
  };
  return { kind: 'virtual-key', key };
}

/** A passed-through request as `principal` (none: no governance), with its admission id. */
function passedThrough(principal?: Principal): { request: PassThroughToAdmit; admissionId: string } {
  const admissionId = `adm_${randomUUID().replaceAll('-', '')}`;
  const governance = principal ? { principal, admissionId } : undefined;
  return { request: { governance, headers: {}, setHeader: () => undefined }, admissionId };
}

describe('passThroughAdmission on real Redis', () => {
  const prefix = `pta${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL);
  const keys = createGovernanceKeys(prefix, noHashTag);
  const admit = passThroughAdmission({
    limiter: new ConsumerRateLimiter(redis, keys),
    ledger: new BudgetLedger(redis, keys),
    holdTtlMs: 60_000,
  });
  after(async () => {
    await deleteKeys(REDIS_URL, prefix);
    redis.disconnect();
  });

  test('returns the holds’ id to the route when the key is rate limited, and refuses past the limit', async () => {
    const principal = keyWith('1;w=60');
    const first = passedThrough(principal);
    assert.deepEqual(await admit(first.request), { admissionId: first.admissionId });
    const second = passedThrough(principal);
    await assert.rejects(admit(second.request), (error) => error instanceof SluiceError && error.status === 429);
  });

  test('holds nothing without limits or a budget, or without governance', async () => {
    const unlimited = passedThrough(keyWith(null));
    assert.deepEqual(await admit(unlimited.request), { admissionId: undefined });
    const open = passedThrough();
    assert.deepEqual(await admit(open.request), { admissionId: undefined });
  });
});
