import { PermissionError, type SluiceError } from '@sluice/errors';
import type { BudgetLedger } from '../budgets/budget-ledger';
import { budgetSpentError } from '../budgets/budget-spent-error';
import { statusOf } from './virtual-key-schemas';
import type { VirtualKeyStore } from './virtual-key-store';

export interface KeyStandingDependencies {
  store: VirtualKeyStore;
  ledger: BudgetLedger;
  now?: () => Date;
}

/**
 * Why a key may no longer spend, or undefined when it may: for work admitted long before it runs (a batch's lines),
 * which stops once its key is revoked, deleted or expired or its budget is spent (or fully held by requests in
 * flight), as a new request would be refused. Read from the database and Redis each time, never from a cache.
 */
export async function keyStandingProblem(
  keyId: string,
  dependencies: KeyStandingDependencies,
): Promise<SluiceError | undefined> {
  const now = (dependencies.now ?? (() => new Date()))();
  const key = await dependencies.store.get(keyId);
  if (!key) return new PermissionError('The virtual key that submitted this work was deleted.', 'key_revoked');
  const status = statusOf(key, now.getTime());
  if (status === 'revoked')
    return new PermissionError('The virtual key that submitted this work was revoked.', 'key_revoked');
  if (status === 'expired')
    return new PermissionError(`The virtual key that submitted this work expired at ${key.expiresAt}.`, 'key_expired');
  if (key.budget === null) return undefined;
  const state = await dependencies.ledger.state(keyId, key.budget, now);
  return state.spentNano + state.reservedNano >= state.limitNano ? budgetSpentError(key.budget, state) : undefined;
}
