// Users: requests, errors, tokens and cost per x-sluice-user-id over the period.
import { html } from 'htm/preact';
import { Bar } from './bar.js';
import { formatCount, formatPercent, formatUsd } from './format.js';
import { totalsByGroup } from './summary-groups.js';
import { useApi } from './use-api.js';

/** @param {{ period: import('./time-period.js').Period, refreshKey: number }} props */
export function UsersPage({ period, refreshKey }) {
  const summary = useApi(
    '/v1/analytics/summary',
    { from: period.from, to: period.to, interval: 'day', group_by: 'user', limit: 1000 },
    refreshKey,
  );
  const users = totalsByGroup(summary.data?.data ?? []).sort((a, b) => b.cost - a.cost || b.requests - a.requests);
  const top = Math.max(...users.map((user) => user.cost), 0);
  return html`<section class="card" aria-label="Users">
    <div class="card-head"><h3>Users</h3><span class="muted">by <code>x-sluice-user-id</code>; (none): requests without one</span></div>
    ${summary.error ? html`<p class="error-banner">${summary.error}</p>` : null}
    ${!summary.loading && users.length === 0 ? html`<p class="muted">No requests in this period.</p>` : null}
    <table class="compact">
      <thead><tr><th>user</th><th class="num">requests</th><th class="num">errors</th><th class="num">tokens</th><th class="num">cost</th><th class="grow"></th></tr></thead>
      <tbody>
        ${users.map(
          (user) => html`<tr data-user=${user.group}>
            <td class="name">${user.group}</td>
            <td class="num">${formatCount(user.requests)}</td>
            <td class="num">${formatCount(user.errors)} <span class="muted">${user.requests ? formatPercent(user.errors / user.requests) : ''}</span></td>
            <td class="num">${formatCount(user.tokens)}</td>
            <td class="num">${formatUsd(user.cost)}</td>
            <td class="grow"><${Bar} ratio=${top > 0 ? user.cost / top : 0} /></td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
