// Cost by a chosen property, errors by provider, and the provider queues' state.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { Bar } from './bar.js';
import { withValue } from './dom-events.js';
import { formatCount, formatMs, formatPercent, formatUsd } from './format.js';
import { totalsByGroup } from './summary-groups.js';
import { useApi } from './use-api.js';

/** @typedef {import('./time-period.js').Period} Period */

/**
 * The property name as typed, passed on once typing pauses.
 * @param {{ property: string, propertyNames: string[], onPropertyChange: (name: string) => void }} props
 */
function PropertyInput({ property, propertyNames, onPropertyChange }) {
  const [draft, setDraft] = useState(property);
  useEffect(() => setDraft(property), [property]);
  useEffect(() => {
    const timer = setTimeout(() => draft.trim() !== property && onPropertyChange(draft.trim()), 400);
    return () => clearTimeout(timer);
  }, [draft, property, onPropertyChange]);
  return html`<label class="inline">property
    <input list="property-names" value=${draft} aria-label="Cost property" placeholder="team" onInput=${withValue(setDraft)} />
    <datalist id="property-names">${propertyNames.map((name) => html`<option value=${name} />`)}</datalist>
  </label>`;
}

/**
 * @param {{
 *   period: Period, refreshKey: number, property: string, propertyNames: string[],
 *   onPropertyChange: (name: string) => void,
 * }} props
 */
export function CostByProperty({ period, refreshKey, property, propertyNames, onPropertyChange }) {
  const summary = useApi(
    property ? '/v1/analytics/summary' : null,
    { from: period.from, to: period.to, interval: 'day', group_by: `property.${property}` },
    refreshKey,
  );
  const groups = totalsByGroup(summary.data?.data ?? []).sort((a, b) => b.cost - a.cost || b.requests - a.requests);
  const top = Math.max(...groups.map((group) => group.cost), 0);
  return html`<section class="card" aria-label="Cost by property">
    <div class="card-head">
      <h3>Cost by property</h3>
      <${PropertyInput} property=${property} propertyNames=${propertyNames} onPropertyChange=${onPropertyChange} />
    </div>
    ${summary.error ? html`<p class="error-banner">${summary.error}</p>` : null}
    ${!property ? html`<p class="muted">Choose a property sent as <code>x-sluice-property-NAME</code>.</p>` : null}
    ${property && groups.length === 0 && !summary.loading ? html`<p class="muted">No requests in this period.</p>` : null}
    <table class="compact">
      <tbody>
        ${groups.map(
          (group) => html`<tr>
            <td class="name">${group.group}</td>
            <td class="grow"><${Bar} ratio=${top > 0 ? group.cost / top : 0} /></td>
            <td class="num">${formatUsd(group.cost)}</td>
            <td class="num muted">${formatCount(group.requests)} req</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/** @param {{ period: Period, refreshKey: number }} props */
export function ErrorsByProvider({ period, refreshKey }) {
  const summary = useApi(
    '/v1/analytics/summary',
    { from: period.from, to: period.to, interval: 'day', group_by: 'provider' },
    refreshKey,
  );
  const groups = totalsByGroup(summary.data?.data ?? []).sort((a, b) => b.errors - a.errors || b.requests - a.requests);
  return html`<section class="card" aria-label="Errors by provider">
    <h3>Errors by provider</h3>
    ${summary.error ? html`<p class="error-banner">${summary.error}</p>` : null}
    <table class="compact">
      <thead><tr><th>provider</th><th></th><th class="num">errors</th><th class="num">rate</th></tr></thead>
      <tbody>
        ${groups.map(
          (group) => html`<tr>
            <td class="name">${group.group}</td>
            <td class="grow"><${Bar} ratio=${group.requests ? group.errors / group.requests : 0} tone="danger" /></td>
            <td class="num">${formatCount(group.errors)} / ${formatCount(group.requests)}</td>
            <td class="num">${formatPercent(group.requests ? group.errors / group.requests : null)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/**
 * A provider queue's state (GET /v1/analytics/queues).
 * @typedef {{
 *   provider: string, waiting: number, prioritized: number, delayed: number, active: number, paused: boolean,
 *   rate_limited_ms: number,
 * }} QueueState
 */

/** @param {{ refreshKey: number, boardLink: boolean }} props */
export function QueueStates({ refreshKey, boardLink }) {
  const queues = useApi('/v1/analytics/queues', {}, refreshKey);
  /** @type {QueueState[]} */
  const rows = queues.data?.data ?? [];
  return html`<section class="card" aria-label="Queues">
    <div class="card-head"><h3>Provider queues</h3>${boardLink ? html`<a href="/admin/queues" target="_blank" rel="noopener">queue board ↗</a>` : null}</div>
    ${queues.error ? html`<p class="error-banner">${queues.error}</p>` : null}
    <table class="compact">
      <thead><tr><th>provider</th><th class="num">waiting</th><th class="num">delayed</th><th class="num">active</th><th>rate limit</th></tr></thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr>
            <td class="name">${row.provider}</td>
            <td class="num">${formatCount(row.waiting + row.prioritized)}</td>
            <td class="num">${formatCount(row.delayed)}</td>
            <td class="num">${formatCount(row.active)}</td>
            <td>${row.paused ? html`<span class="pill danger">paused</span>` : row.rate_limited_ms > 0 ? html`<span class="pill warn">limited ${formatMs(row.rate_limited_ms)}</span>` : html`<span class="pill ok">open</span>`}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
