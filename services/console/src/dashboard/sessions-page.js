// Sessions: requests grouped by x-sluice-session-id, and one session's run as a timeline of steps.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { onEnter } from './dom-events.js';
import { formatCount, formatMs, formatTime, formatUsd } from './format.js';
import { totalsByGroup } from './summary-groups.js';
import { useApi } from './use-api.js';

/** The most steps a timeline shows (one page of /v1/logs). */
const MAX_STEPS = 500;

/** @typedef {import('./api-types').LogRecord} LogRecord */
/** @typedef {import('./time-period.js').Period} Period */

/**
 * @param {{ period: Period, refreshKey: number, selected: string | null, onSelect: (session: string) => void }} props
 */
function SessionList({ period, refreshKey, selected, onSelect }) {
  const summary = useApi(
    '/v1/analytics/summary',
    { from: period.from, to: period.to, interval: 'day', group_by: 'session', limit: 1000 },
    refreshKey,
  );
  /** @type {import('./api-types').SummaryRow[]} */
  const rows = summary.data?.data ?? [];
  const sessions = totalsByGroup(rows.filter((row) => row.group !== null)).sort(
    (a, b) => b.cost - a.cost || b.requests - a.requests,
  );
  return html`<section class="card" aria-label="Session list">
    <div class="card-head"><h3>Sessions</h3><span class="muted">${formatCount(sessions.length)} in this period</span></div>
    ${summary.error ? html`<p class="error-banner">${summary.error}</p>` : null}
    ${!summary.loading && sessions.length === 0 ? html`<p class="muted">No requests carried <code>x-sluice-session-id</code> in this period.</p>` : null}
    <table class="compact">
      <thead><tr><th>session</th><th class="num">steps</th><th class="num">errors</th><th class="num">tokens</th><th class="num">cost</th></tr></thead>
      <tbody>
        ${sessions.map(
          (
            session,
          ) => html`<tr class=${`log-row ${session.group === selected ? 'selected-row' : ''}`} tabindex="0" data-session=${session.group}
              onClick=${() => onSelect(session.group)} onKeyDown=${onEnter(() => onSelect(session.group))}>
            <td class="mono name">${session.group}</td>
            <td class="num">${formatCount(session.requests)}</td>
            <td class="num">${formatCount(session.errors)}</td>
            <td class="num">${formatCount(session.tokens)}</td>
            <td class="num">${formatUsd(session.cost)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/**
 * The steps in order, each placed on the session's wall-clock span by its start and latency.
 * @param {LogRecord[]} records
 */
function timelineOf(records) {
  const steps = [...records].reverse();
  /** @param {LogRecord} record */
  const startOf = (record) => Date.parse(record.created_at);
  const first = steps[0] === undefined ? 0 : startOf(steps[0]);
  const last = Math.max(first, ...steps.map((record) => startOf(record) + (record.latency_ms ?? 0)));
  const span = Math.max(1, last - first);
  /** @param {(record: LogRecord) => number | null} pick */
  const sum = (pick) => steps.reduce((total, record) => total + (pick(record) ?? 0), 0);
  return {
    steps: steps.map((record) => ({
      record,
      offset: startOf(record) - first,
      left: ((startOf(record) - first) / span) * 100,
      width: Math.max(0.5, ((record.latency_ms ?? 0) / span) * 100),
    })),
    totals: {
      tokensIn: sum((record) => record.prompt_tokens),
      tokensOut: sum((record) => record.completion_tokens),
      cost: sum((record) => record.cost_usd),
      latency: sum((record) => record.latency_ms),
      wall: last - first,
    },
  };
}

/** @param {{ session: string, period: Period, refreshKey: number, onSelect: (id: string) => void }} props */
function SessionTimeline({ session, period, refreshKey, onSelect }) {
  const logs = useApi('/v1/logs', { session, from: period.from, limit: MAX_STEPS }, refreshKey);
  const { steps, totals } = timelineOf(logs.data?.data ?? []);
  return html`<section class="card" aria-label="Session timeline">
    <div class="card-head"><h3>Session <span class="mono">${session}</span></h3>${logs.data?.next_cursor ? html`<span class="muted">the first ${MAX_STEPS} steps</span>` : null}</div>
    ${logs.error ? html`<p class="error-banner">${logs.error}</p>` : null}
    <div class="kpis session-totals" aria-label="Session totals" role="group">
      <div class="kpi" role="group" aria-label="Steps"><div class="kpi-label">Steps</div><div class="kpi-value">${formatCount(steps.length)}</div></div>
      <div class="kpi" role="group" aria-label="Tokens"><div class="kpi-label">Tokens in / out</div><div class="kpi-value">${formatCount(totals.tokensIn)} / ${formatCount(totals.tokensOut)}</div></div>
      <div class="kpi" role="group" aria-label="Session cost"><div class="kpi-label">Cost</div><div class="kpi-value">${formatUsd(totals.cost)}</div></div>
      <div class="kpi" role="group" aria-label="Time in requests"><div class="kpi-label">Time in requests</div><div class="kpi-value">${formatMs(totals.latency)}</div></div>
      <div class="kpi" role="group" aria-label="Wall time"><div class="kpi-label">Wall time</div><div class="kpi-value">${formatMs(totals.wall)}</div></div>
    </div>
    <table class="compact timeline">
      <thead><tr><th>#</th><th>at</th><th>status</th><th>model</th><th class="num">tokens in / out</th><th class="num">cost</th><th class="num">latency</th><th class="grow">timeline</th></tr></thead>
      <tbody>
        ${steps.map(
          (
            step,
            index,
          ) => html`<tr class="log-row step" tabindex="0" data-request-id=${step.record.id} onClick=${() => onSelect(step.record.id)}
              onKeyDown=${onEnter(() => onSelect(step.record.id))}>
            <td>${index + 1}</td>
            <td class="nowrap" title=${formatTime(step.record.created_at)}>+${formatMs(step.offset)}</td>
            <td><span class=${`pill ${step.record.status === 'error' ? 'danger' : step.record.status === 'cached' ? 'info' : 'ok'}`}>${step.record.status}</span></td>
            <td class="nowrap">${step.record.served_model ?? step.record.requested_model}</td>
            <td class="num">${formatCount(step.record.prompt_tokens)} / ${formatCount(step.record.completion_tokens)}</td>
            <td class="num">${formatUsd(step.record.cost_usd)}</td>
            <td class="num">${formatMs(step.record.latency_ms)}</td>
            <td class="grow"><div class="lane"><div class=${`span ${step.record.status === 'error' ? 'danger' : ''}`} style=${`left:${step.left}%;width:${step.width}%`}></div></div></td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/** @param {{ period: Period, refreshKey: number, onSelect: (id: string) => void }} props */
export function SessionsPage({ period, refreshKey, onSelect }) {
  const [selected, setSelected] = useState(/** @type {string | null} */ (null));
  return html`<div class="sessions">
    <${SessionList} period=${period} refreshKey=${refreshKey} selected=${selected} onSelect=${setSelected} />
    ${
      selected
        ? html`<${SessionTimeline} key=${selected} session=${selected} period=${period} refreshKey=${refreshKey} onSelect=${onSelect} />`
        : html`<section class="card"><p class="muted">Choose a session to see its steps.</p></section>`
    }
  </div>`;
}
