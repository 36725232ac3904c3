// The searchable request log: filters, newest-first rows, more pages by cursor, and a live tail of new requests.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from './api.js';
import { onEnter, onSubmitted, withChecked, withValue } from './dom-events.js';
import { formatCount, formatMs, formatTime, formatUsd } from './format.js';
import { CUSTOM_RANGE } from './time-period.js';

/** @typedef {import('./api-types').LogRecord} LogRecord */
/** @typedef {typeof EMPTY_FILTERS} LogFilters */

const EMPTY_FILTERS = {
  search: '',
  status: '',
  provider: '',
  model: '',
  user: '',
  cache: '',
  propertyName: '',
  propertyValue: '',
};

/**
 * The /v1/logs query for a period, the filters and a page cursor. A fixed period is open-ended (`from` only), so live
 * tail sees requests that arrive after it was chosen; a custom one ends at its `to`.
 * @param {import('./time-period.js').Period} period
 * @param {LogFilters} filters
 * @param {string | undefined} cursor
 */
function queryOf(period, filters, cursor) {
  /** @param {keyof LogFilters} name */
  const text = (name) => filters[name].trim();
  /** @type {Record<string, string | number | undefined>} */
  const query = {
    from: period.from,
    to: period.key === CUSTOM_RANGE ? period.to : undefined,
    search: text('search'),
    limit: 50,
    cursor,
    status: filters.status,
    provider: text('provider'),
    model: text('model'),
    user: text('user'),
    cache: filters.cache,
  };
  if (text('propertyName') && text('propertyValue')) query[`property.${text('propertyName')}`] = text('propertyValue');
  return query;
}

/**
 * A page of GET /v1/logs.
 * @param {Record<string, string | number | undefined>} query
 * @returns {Promise<{ data: LogRecord[], next_cursor: string | null }>}
 */
const listLogs = (query) => getJson('/v1/logs', query);

const FILTER_DELAY_MS = 300;
/** How often live tail asks for the newest requests, to add those not shown yet. */
const LIVE_TAIL_MS = 2_000;

/** Filters as typed; they apply once typing pauses, so every keystroke does not query the log. */
function useAppliedFilters() {
  const [draft, setDraft] = useState(EMPTY_FILTERS);
  const [applied, setApplied] = useState(EMPTY_FILTERS);
  useEffect(() => {
    const timer = setTimeout(() => setApplied(draft), FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft]);
  return { draft, setDraft, applied };
}

/**
 * @param {{ filters: LogFilters, setFilters: import('preact/hooks').Dispatch<import('preact/hooks').StateUpdater<LogFilters>> }} props
 */
function Filters({ filters, setFilters }) {
  /** @param {keyof LogFilters} name */
  const field = (name) => ({
    value: filters[name],
    onInput: withValue((value) => setFilters((current) => ({ ...current, [name]: value }))),
  });
  return html`<form class="filters" onSubmit=${onSubmitted(() => undefined)}>
    <input type="search" class="search" aria-label="Search bodies" placeholder='search bodies: words, "a phrase"' ...${field('search')} />
    <select aria-label="Status" ...${field('status')}>
      <option value="">any status</option>
      ${['success', 'error', 'cached', 'cancelled'].map((status) => html`<option value=${status}>${status}</option>`)}
    </select>
    <select aria-label="Cache" ...${field('cache')}>
      <option value="">any cache</option>
      ${['hit', 'hit-exact', 'hit-semantic', 'miss', 'off'].map((cache) => html`<option value=${cache}>${cache}</option>`)}
    </select>
    <input aria-label="Provider" placeholder="provider" ...${field('provider')} />
    <input aria-label="Model" placeholder="model" ...${field('model')} />
    <input aria-label="User" placeholder="user id" ...${field('user')} />
    <input aria-label="Property name" placeholder="property" list="property-names" ...${field('propertyName')} />
    <input aria-label="Property value" placeholder="value" ...${field('propertyValue')} />
    <button type="button" class="secondary" onClick=${() => setFilters(EMPTY_FILTERS)}>Clear</button>
  </form>`;
}

/** @param {{ record: LogRecord }} props */
function StatusPill({ record }) {
  const tone =
    record.status === 'success'
      ? 'ok'
      : record.status === 'cached'
        ? 'info'
        : record.status === 'error'
          ? 'danger'
          : 'warn';
  return html`<span class=${`pill ${tone}`}>${record.status}</span>`;
}

/** @param {{ record: LogRecord, onSelect: (id: string) => void, fresh: boolean }} props */
function LogRow({ record, onSelect, fresh }) {
  const properties = Object.entries(record.properties ?? {});
  return html`<tr class=${fresh ? 'log-row fresh' : 'log-row'} tabindex="0" data-request-id=${record.id} onClick=${() => onSelect(record.id)}
      onKeyDown=${onEnter(() => onSelect(record.id))}>
    <td class="nowrap">${formatTime(record.created_at)}</td>
    <td><${StatusPill} record=${record} /></td>
    <td class="num http">${record.http_status ?? '–'}</td>
    <td>${record.provider ?? '–'} · ${record.served_model ?? record.requested_model}</td>
    <td class="num">${formatCount(record.prompt_tokens)} / ${formatCount(record.completion_tokens)}</td>
    <td class="num">${formatUsd(record.cost_usd)}</td>
    <td class="num">${formatMs(record.latency_ms)}</td>
    <td>${record.cache}</td>
    <td class="props">${properties.map(([name, value]) => html`<span class="tag">${name}=${value}</span>`)}</td>
  </tr>`;
}

/**
 * @param {{
 *   period: import('./time-period.js').Period, refreshKey: number, onSelect: (id: string) => void,
 *   onPropertyNames: (names: string[]) => void,
 * }} props
 */
export function RequestLog({ period, refreshKey, onSelect, onPropertyNames }) {
  const { draft, setDraft, applied } = useAppliedFilters();
  const [page, setPage] = useState(
    /** @type {{ records: LogRecord[], nextCursor: string | null, error: string | undefined, loading: boolean }} */ ({
      records: [],
      nextCursor: null,
      error: undefined,
      loading: true,
    }),
  );
  const latest = useRef(0);
  /** @param {string | undefined} cursor */
  const load = (cursor) => {
    latest.current += 1;
    const request = latest.current;
    setPage((previous) => ({ ...previous, loading: true }));
    listLogs(queryOf(period, applied, cursor)).then(
      (result) => {
        if (request !== latest.current) return;
        setPage((previous) => ({
          records: cursor ? [...previous.records, ...result.data] : result.data,
          nextCursor: result.next_cursor,
          error: undefined,
          loading: false,
        }));
        onPropertyNames(result.data.flatMap((record) => Object.keys(record.properties ?? {})));
      },
      (error) =>
        request === latest.current && setPage((previous) => ({ ...previous, error: error.message, loading: false })),
    );
  };
  useEffect(() => load(undefined), [period, applied, refreshKey]);
  const [live, setLive] = useState(false);
  const [fresh, setFresh] = useState(() => new Set());
  const shown = useRef(page.records);
  shown.current = page.records;
  useEffect(() => {
    if (!live) return undefined;
    const tail = () => {
      // The newest page again, not only rows after the newest shown: a long request is logged under the time it began.
      listLogs(queryOf(period, applied, undefined)).then(
        (result) => {
          const ids = new Set(shown.current.map((record) => record.id));
          const arrived = result.data.filter((record) => !ids.has(record.id));
          if (arrived.length === 0) return;
          setFresh(new Set(arrived.map((record) => record.id)));
          setPage((previous) => ({ ...previous, records: [...arrived, ...previous.records] }));
        },
        () => undefined,
      );
    };
    const timer = setInterval(tail, LIVE_TAIL_MS);
    return () => clearInterval(timer);
  }, [live, period, applied]);
  return html`<section class="card log" aria-label="Request log">
    <div class="card-head"><h3>Request log</h3>
      <label class="live-toggle"><input type="checkbox" aria-label="Live tail" checked=${live} onChange=${withChecked(setLive)} /> live</label>
      <span class="muted">${page.loading ? 'loading…' : `${formatCount(page.records.length)} shown`}</span></div>
    <${Filters} filters=${draft} setFilters=${setDraft} />
    ${page.error ? html`<p class="error-banner">${page.error}</p>` : null}
    <div class="table-scroll">
      <table class="log-table">
        <thead><tr><th>time</th><th>status</th><th class="num">HTTP</th><th>provider · model</th><th class="num">tokens in / out</th><th class="num">cost</th><th class="num">latency</th><th>cache</th><th>properties</th></tr></thead>
        <tbody>${page.records.map((record) => html`<${LogRow} key=${record.id} record=${record} onSelect=${onSelect} fresh=${fresh.has(record.id)} />`)}</tbody>
      </table>
    </div>
    ${!page.loading && page.records.length === 0 ? html`<p class="muted">No requests match.</p>` : null}
    ${page.nextCursor ? html`<button type="button" class="secondary" onClick=${() => load(page.nextCursor ?? undefined)}>Load more</button>` : null}
  </section>`;
}
