// The analytics summary's rows summed per group, across time buckets.

/** @typedef {{ group: string, requests: number, errors: number, cost: number, saved: number, tokens: number }} GroupTotal */

/**
 * One total per group (`(none)` for rows without one, `(other)` for the groups beyond the summary's limit):
 * requests, errors, cost, savings and tokens.
 * @param {import('./api-types').SummaryRow[]} rows
 * @returns {GroupTotal[]}
 */
export function totalsByGroup(rows) {
  /** @type {Map<string, GroupTotal>} */
  const groups = new Map();
  for (const row of rows) {
    const key = row.other ? '(other)' : (row.group ?? '(none)');
    const total = groups.get(key) ?? { group: key, requests: 0, errors: 0, cost: 0, saved: 0, tokens: 0 };
    total.requests += row.requests;
    total.errors += row.errors;
    total.cost += row.cost_usd;
    total.saved += row.saved_usd;
    total.tokens += row.prompt_tokens + row.completion_tokens;
    groups.set(key, total);
  }
  return [...groups.values()];
}
