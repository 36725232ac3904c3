// The analytics summary's rows summed per group, across time buckets.

/**
 * One total per group (`(none)` for rows without one, `(other)` for the groups beyond the summary's limit):
 * requests, errors, cost, savings and tokens.
 */
export function totalsByGroup(rows) {
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
