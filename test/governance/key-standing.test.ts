import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  BudgetLedger,
  createGovernanceKeys,
  GOVERNANCE_MIGRATIONS,
  keyStandingProblem,
  toNano,
  VirtualKeyCreateSchema,
  VirtualKeyStore,
} from '@sluice/governance';
import { noHashTag } from '@sluice/queues';
import { Redis } from 'ioredis';
import { openScratchPglite, type ScratchDatabase } from '../helpers/scratch-databases';
import { deleteKeys } from '../helpers/start-test-gateway';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('keyStandingProblem: whether work admitted earlier may still spend for its key', () => {
  const prefix = `ks${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL);
  const ledger = new BudgetLedger(redis, createGovernanceKeys(prefix, noHashTag));
  let scratch: ScratchDatabase;
  let store: VirtualKeyStore;
  const problemOf = (keyId: string) => keyStandingProblem(keyId, { store, ledger });
  const createKey = (settings: Record<string, unknown>) => store.create(VirtualKeyCreateSchema.parse(settings));

  before(async () => {
    scratch = await openScratchPglite(GOVERNANCE_MIGRATIONS);
    store = new VirtualKeyStore(scratch.database);
  });
  after(async () => {
    await deleteKeys(REDIS_URL, prefix);
    redis.disconnect();
    await scratch.dispose();
  });

  test('a live key without a budget, and one with budget left, may spend', async () => {
    const plain = await createKey({ name: 'plain' });
    const budgeted = await createKey({ name: 'budgeted', budget: { usd: 1, period: 'month' } });
    await ledger.settle(budgeted.record.id, { usd: 1, period: 'month' }, 'e1', undefined, toNano(0.5));
    assert.equal(await problemOf(plain.record.id), undefined);
    assert.equal(await problemOf(budgeted.record.id), undefined);
  });

  test('a spent budget, or one fully held by requests in flight, is a 402 naming what was used', async () => {
    const budget = { usd: 1, period: 'day' as const };
    const spent = await createKey({ name: 'spent', budget });
    await ledger.settle(spent.record.id, budget, 'e2', undefined, toNano(1));
    const problem = await problemOf(spent.record.id);
    assert.deepEqual([problem?.status, problem?.code], [402, 'budget_exceeded']);
    assert.match(problem?.message ?? '', /daily budget of \$1\.0000 is spent: \$1\.0000 used/);
    const held = await createKey({ name: 'held', budget });
    await ledger.reserve(held.record.id, budget, 'h1', toNano(1), 60_000);
    assert.match((await problemOf(held.record.id))?.message ?? '', /\$1\.0000 more is held by requests in flight/);
  });

  test('a revoked, deleted or expired key may not', async () => {
    const revoked = await createKey({ name: 'revoked' });
    await store.revoke(revoked.record.id);
    assert.deepEqual(
      [(await problemOf(revoked.record.id))?.code, (await problemOf('vk_never_existed'))?.code],
      ['key_revoked', 'key_revoked'],
    );
    const expiring = await createKey({ name: 'expiring', expires_at: new Date(Date.now() + 60_000).toISOString() });
    assert.equal(await problemOf(expiring.record.id), undefined);
    const later = await keyStandingProblem(expiring.record.id, {
      store,
      ledger,
      now: () => new Date(Date.now() + 120_000),
    });
    assert.deepEqual([later?.status, later?.code], [403, 'key_expired']);
  });
});
