import type { BudgetLedger } from '../budgets/budget-ledger';
import { budgetSpentError } from '../budgets/budget-spent-error';
import type { Budget } from '../keys/virtual-key-schemas';

/** Reserves the request's upper-bound cost against its key's budget; 402 budget_exceeded when the budget is spent. */
export async function holdBudget(
  ledger: BudgetLedger,
  hold: { keyId: string; budget: Budget; admissionId: string; nanoUsd: number; ttlMs: number },
): Promise<void> {
  const reservation = await ledger.reserve(hold.keyId, hold.budget, hold.admissionId, hold.nanoUsd, hold.ttlMs);
  if (!reservation.admitted) throw budgetSpentError(hold.budget, reservation);
}
