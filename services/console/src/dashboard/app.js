// The Sluice dashboard: traffic, cost, latency, cache and queues over a time period, the request log, sessions and
// users; for the admin, virtual and provider keys, configs, and prompts with a playground.
import { html, render } from 'htm/preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { sendJson } from './api.js';
import { CostByProperty, ErrorsByProvider, QueueStates } from './breakdowns.js';
import { CONFIG_DOCUMENTS } from './document-kinds.js';
import { withChecked } from './dom-events.js';
import { KeysPage } from './keys-page.js';
import { Overview } from './overview.js';
import { pagesFor, useCurrentPage } from './pages.js';
import { PromptsPage } from './prompts-page.js';
import { RangePicker } from './range-picker.js';
import { RequestDetail } from './request-detail.js';
import { RequestLog } from './request-log.js';
import { SessionsPage } from './sessions-page.js';
import { SignIn, useSession } from './sign-in.js';
import { CUSTOM_RANGE, periodFor } from './time-period.js';
import { UsersPage } from './users-page.js';
import { VersionedDocumentsPage } from './versioned-documents-page.js';

const AUTO_REFRESH_MS = 15_000;

/** @typedef {import('./sign-in.js').Session} Session */
/** @typedef {import('./api-types').Page} Page */

/**
 * @param {{
 *   pages: Page[], page: Page, range: string, period: import('./time-period.js').Period, onRange: (range: string) => void,
 *   onCustom: (period: import('./time-period.js').Period) => void, onRefresh: () => void, autoRefresh: boolean,
 *   onAutoRefresh: (on: boolean) => void, session: Session, onSignOut: () => void,
 * }} props
 */
function Header({
  pages,
  page,
  range,
  period,
  onRange,
  onCustom,
  onRefresh,
  autoRefresh,
  onAutoRefresh,
  session,
  onSignOut,
}) {
  return html`<header class="top">
    <h1>Sluice</h1>
    <nav class="tabs" aria-label="Pages">
      ${pages.map((entry) => html`<a href=${`#/${entry.key}`} aria-current=${entry.key === page.key ? 'page' : undefined}>${entry.label}</a>`)}
    </nav>
    ${
      page.ranged
        ? html`<${RangePicker} range=${range} period=${period} onRange=${onRange} onCustom=${onCustom} />`
        : null
    }
    <button type="button" onClick=${onRefresh}>Refresh</button>
    <label class="inline"><input type="checkbox" checked=${autoRefresh} onChange=${withChecked(onAutoRefresh)} /> auto</label>
    <span class="spacer"></span>
    <a href="/metrics" target="_blank" rel="noopener">metrics</a>
    ${session.kind === 'virtual-key' ? null : html`<a href="/admin/queues" target="_blank" rel="noopener">queues</a>`}
    <span class="who" data-testid="who">${whoLabel(session)}</span>
    ${session.kind === 'open' ? null : html`<button type="button" onClick=${onSignOut}>Sign out</button>`}
  </header>`;
}

/** @param {Session} session */
function whoLabel(session) {
  if (session.kind === 'admin') return 'admin';
  if (session.kind === 'virtual-key') return `key ${session.key_id} (read-only)`;
  return 'development mode (open)';
}

function Root() {
  const { session, reload } = useSession();
  if (session === undefined) return html`<p class="loading">Loading the Sluice dashboard…</p>`;
  if (session.kind === 'none') return html`<${SignIn} onSignedIn=${reload} />`;
  const next = new URLSearchParams(location.search).get('next');
  if (next?.startsWith('/admin/') && session.kind !== 'virtual-key') {
    location.replace(next);
    return null;
  }
  const signOut = () => sendJson('DELETE', '/dashboard/session').then(reload, reload);
  return html`<${App} session=${session} onSignOut=${signOut} />`;
}

/** @param {{ session: Session, onSignOut: () => void }} props */
function App({ session, onSignOut }) {
  const pages = useMemo(() => pagesFor(session), [session]);
  const page = useCurrentPage(pages);
  const [range, setRange] = useState('24h');
  const [refreshKey, setRefreshKey] = useState(0);
  const [autoRefresh, setAutoRefresh] = useState(false);
  const [selected, setSelected] = useState(/** @type {string | null} */ (null));
  const [costProperty, setCostProperty] = useState('');
  const [propertyNames, setPropertyNames] = useState(/** @type {string[]} */ ([]));
  const refresh = useCallback(() => setRefreshKey((key) => key + 1), []);
  const [custom, setCustom] = useState(/** @type {import('./time-period.js').Period | null} */ (null));
  const period = useMemo(
    () => (range === CUSTOM_RANGE && custom ? custom : periodFor(range === CUSTOM_RANGE ? '24h' : range)),
    [range, custom, refreshKey],
  );
  useEffect(() => {
    if (!autoRefresh) return undefined;
    const timer = setInterval(refresh, AUTO_REFRESH_MS);
    return () => clearInterval(timer);
  }, [autoRefresh, refresh]);
  const addPropertyNames = useCallback((/** @type {string[]} */ names) => {
    setPropertyNames((known) => {
      const merged = [...new Set([...known, ...names])].sort();
      return merged.length === known.length ? known : merged;
    });
  }, []);
  useEffect(() => {
    if (!costProperty && propertyNames.length > 0) setCostProperty(propertyNames[0]);
  }, [costProperty, propertyNames]);
  const overview = html`<${Overview} period=${period} refreshKey=${refreshKey} />
    <div class="breakdowns">
      <${CostByProperty} period=${period} refreshKey=${refreshKey} property=${costProperty} propertyNames=${propertyNames} onPropertyChange=${setCostProperty} />
      <${ErrorsByProvider} period=${period} refreshKey=${refreshKey} />
      <${QueueStates} refreshKey=${refreshKey} boardLink=${session.kind !== 'virtual-key'} />
    </div>
    <${RequestLog} period=${period} refreshKey=${refreshKey} onSelect=${setSelected} onPropertyNames=${addPropertyNames} />`;
  const content = {
    overview,
    sessions: html`<${SessionsPage} period=${period} refreshKey=${refreshKey} onSelect=${setSelected} />`,
    users: html`<${UsersPage} period=${period} refreshKey=${refreshKey} />`,
    keys: html`<${KeysPage} refreshKey=${refreshKey} />`,
    configs: html`<${VersionedDocumentsPage} kind=${CONFIG_DOCUMENTS} refreshKey=${refreshKey} />`,
    prompts: html`<${PromptsPage} refreshKey=${refreshKey} onSelect=${setSelected} />`,
  };
  return html`<div class="page">
    <${Header} pages=${pages} page=${page} range=${range} period=${period} onRange=${setRange} onCustom=${setCustom} onRefresh=${refresh} autoRefresh=${autoRefresh} onAutoRefresh=${setAutoRefresh} session=${session} onSignOut=${onSignOut} />
    <main>${content[page.key]}</main>
    ${selected ? html`<${RequestDetail} id=${selected} onClose=${() => setSelected(null)} />` : null}
  </div>`;
}

const root = document.getElementById('app');
if (!root) throw new Error('The dashboard page has no #app element.');
root.textContent = '';
render(html`<${Root} />`, root);
