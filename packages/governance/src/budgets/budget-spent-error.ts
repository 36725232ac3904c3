import { BudgetExceededError } from '../governance-errors';
import type { Budget } from '../keys/virtual-key-schemas';
import { type BudgetState, fromNano } from './budget-ledger';

const PERIOD_NAMES = { day: 'daily', week: 'weekly', month: 'monthly' } as const;

/** The 402 for a key whose budget is spent, or fully held by requests in flight: how much, and when it resets. */
export function budgetSpentError(budget: Budget, state: BudgetState): BudgetExceededError {
  const held = state.reservedNano > 0 ? ` (${usd(state.reservedNano)} more is held by requests in flight)` : '';
  return new BudgetExceededError(
    `This key's ${PERIOD_NAMES[budget.period]} budget of ${usd(state.limitNano)} is spent: ${usd(state.spentNano)} used${held}. It resets at ${state.window.resetsAt.toISOString()}; ask an admin to raise it.`,
  );
}

function usd(nano: number): string {
  return `$${fromNano(nano).toFixed(4)}`;
}
