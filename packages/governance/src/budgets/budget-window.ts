import type { BudgetPeriod } from '../keys/virtual-key-schemas';

/** One budget period in UTC: days start at midnight, weeks on Monday, months on the 1st. */
export interface BudgetWindow {
  id: string;
  startsAt: Date;
  resetsAt: Date;
}

const DAY_MS = 24 * 3600 * 1000;

export function budgetWindow(period: BudgetPeriod, now: Date): BudgetWindow {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (period === 'day') return window('d', new Date(day), new Date(day + DAY_MS));
  if (period === 'week') {
    const monday = day - ((now.getUTCDay() + 6) % 7) * DAY_MS;
    return window('w', new Date(monday), new Date(monday + 7 * DAY_MS));
  }
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return window('m', start, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));
}

/** The period before the one `now` falls in. */
export function previousBudgetWindow(period: BudgetPeriod, now: Date): BudgetWindow {
  return budgetWindow(period, new Date(budgetWindow(period, now).startsAt.getTime() - 1));
}

function window(kind: string, startsAt: Date, resetsAt: Date): BudgetWindow {
  return { id: `${kind}${startsAt.toISOString().slice(0, 10)}`, startsAt, resetsAt };
}
