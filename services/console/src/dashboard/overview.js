// Totals and charts over time, from the ungrouped analytics summary.
import { html } from 'htm/preact';
import { useMemo } from 'preact/hooks';
import { formatCount, formatMs, formatPercent, formatUsd } from './format.js';
import { TimeChart } from './time-chart.js';
import { alignToTimeline, bucketTimeline } from './time-period.js';
import { useApi } from './use-api.js';

/** @typedef {import('./api-types').SummaryRow} SummaryRow */
/** @typedef {(row: SummaryRow) => number | null} Pick */

/** @param {SummaryRow[]} rows */
function totalsOf(rows) {
  /** @param {Pick} pick */
  const sum = (pick) => rows.reduce((total, row) => total + (pick(row) ?? 0), 0);
  const requests = sum((row) => row.requests);
  /** @param {Pick} pick */
  const weighted = (pick) => (requests === 0 ? null : sum((row) => (pick(row) ?? 0) * row.requests) / requests);
  const lookups = sum((row) => row.cache_lookups);
  return {
    requests,
    errors: sum((row) => row.errors),
    cost: sum((row) => row.cost_usd),
    saved: sum((row) => row.saved_usd),
    tokens: sum((row) => row.prompt_tokens + row.completion_tokens),
    p50: weighted((row) => row.latency_p50_ms),
    p95: weighted((row) => row.latency_p95_ms),
    hitRate: lookups === 0 ? null : sum((row) => row.cache_hits) / lookups,
  };
}

/** @param {{ label: string, value: string, detail?: string }} props */
function Kpi({ label, value, detail }) {
  return html`<div class="kpi" role="group" aria-label=${label}><div class="kpi-label">${label}</div><div class="kpi-value">${value}</div>${detail ? html`<div class="kpi-detail">${detail}</div>` : null}</div>`;
}

/** @type {SummaryRow[]} */
const NO_ROWS = [];
const RATE_RANGE = [0, 1];
/** @param {number | null} value */
const count = (value) => formatCount(value);
/** @param {number | null} value */
const usd = (value) => formatUsd(value);
/** @param {number | null} value */
const ms = (value) => formatMs(value);
/** @param {number | null} value */
const percent = (value) => formatPercent(value);

/** @param {{ period: import('./time-period.js').Period, refreshKey: number }} props */
export function Overview({ period, refreshKey }) {
  const summary = useApi(
    '/v1/analytics/summary',
    { from: period.from, to: period.to, interval: period.interval },
    refreshKey,
  );
  /** @type {SummaryRow[]} */
  const rows = summary.data?.data ?? NO_ROWS;
  const charts = useMemo(() => {
    const timeline = bucketTimeline(period);
    /** @type {(pick: Pick, empty?: number | null) => (number | null)[]} */
    const along = (pick, empty = 0) => alignToTimeline(timeline, rows, pick, empty);
    return {
      timeline,
      requests: [
        { label: 'Requests', color: '#2f6fdb', fill: 'rgba(47,111,219,0.08)', values: along((row) => row.requests) },
        { label: 'Errors', color: '#d64545', values: along((row) => row.errors) },
      ],
      cost: [
        { label: 'Cost', color: '#7a4fd1', fill: 'rgba(122,79,209,0.08)', values: along((row) => row.cost_usd) },
        { label: 'Saved by cache', color: '#1f9d6b', values: along((row) => row.saved_usd) },
      ],
      latency: [
        { label: 'p50', color: '#2f6fdb', values: along((row) => row.latency_p50_ms, null) },
        { label: 'p95', color: '#e0862a', values: along((row) => row.latency_p95_ms, null) },
      ],
      cache: [{ label: 'Hit rate', color: '#1f9d6b', values: along((row) => row.cache_hit_rate, null) }],
    };
  }, [rows, period]);
  const totals = totalsOf(rows);
  return html`<div class="overview">
    ${summary.error ? html`<p class="error-banner">Could not load the summary: ${summary.error}</p>` : null}
    <div class="kpis">
      <${Kpi} label="Requests" value=${formatCount(totals.requests)} detail=${`${formatCount(totals.tokens)} tokens`} />
      <${Kpi} label="Errors" value=${formatCount(totals.errors)} detail=${totals.requests ? `${formatPercent(totals.errors / totals.requests)} of requests` : ''} />
      <${Kpi} label="Cost" value=${formatUsd(totals.cost)} detail="from the pricing table" />
      <${Kpi} label="Cache" value=${formatPercent(totals.hitRate)} detail=${`${formatUsd(totals.saved)} saved`} />
      <${Kpi} label="Latency p50 / p95" value=${`${formatMs(totals.p50)} / ${formatMs(totals.p95)}`} detail="request-weighted over buckets" />
    </div>
    <div class="charts">
      <${TimeChart} title="Requests and errors" timestamps=${charts.timeline} series=${charts.requests} format=${count} whole=${true} />
      <${TimeChart} title="Cost and cache savings (USD)" timestamps=${charts.timeline} series=${charts.cost} format=${usd} />
      <${TimeChart} title="Latency" timestamps=${charts.timeline} series=${charts.latency} format=${ms} />
      <${TimeChart} title="Cache hit rate" timestamps=${charts.timeline} series=${charts.cache} format=${percent} range=${RATE_RANGE}
        note=${totals.hitRate === null && rows.length > 0 ? 'No request looked the cache up in this period.' : undefined} />
    </div>
  </div>`;
}
