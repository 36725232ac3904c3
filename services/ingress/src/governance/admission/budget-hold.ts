import { type Budget, BudgetExceededError, type BudgetLedger, fromNano } from '@sluice/governance';

const PERIOD_NAMES = { day: 'daily', week: 'weekly', month: 'monthly' } as const;

/** Reserves the request's upper-bound cost against its key's budget; 402 budget_exceeded when the budget is spent. */
export async function holdBudget(
  ledger: BudgetLedger,
  hold: { keyId: string; budget: Budget; admissionId: string; nanoUsd: number; ttlMs: number },
): Promise<void> {
  const reservation = await ledger.reserve(hold.keyId, hold.budget, hold.admissionId, hold.nanoUsd, hold.ttlMs);
  if (reservation.admitted) return;
  const spent = usd(reservation.spentNano);
  const held = reservation.reservedNano > 0 ? ` (${usd(reservation.reservedNano)} more is held by requests in flight)` : '';
  throw new BudgetExceededError(
    `This key's ${PERIOD_NAMES[hold.budget.period]} budget of ${usd(reservation.limitNano)} is spent: ${spent} used${held}. It resets at ${reservation.window.resetsAt.toISOString()}; ask an admin to raise it.`,
  );
}

function usd(nano: number): string {
  return `$${fromNano(nano).toFixed(4)}`;
}
