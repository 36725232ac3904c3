// Provider keys: set or rotate each configured account's stored key, shown by its last four characters only.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { sendJson } from './api.js';
import { withValue } from './dom-events.js';
import { formatTime } from './format.js';
import { useApi } from './use-api.js';

/** @param {{ provider: string, stored: boolean, onSaved: () => void }} props */
function SetKeyForm({ provider, stored, onSaved }) {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState('');
  /** @param {Event} event */
  const submit = (event) => {
    event.preventDefault();
    setError('');
    sendJson('PUT', `/admin/provider-keys/${encodeURIComponent(provider)}`, { api_key: apiKey.trim() }).then(
      () => {
        setApiKey('');
        onSaved();
      },
      (failure) => setError(failure.message),
    );
  };
  return html`<form class="row-form" onSubmit=${submit}>
    <input type="password" autocomplete="off" required aria-label=${`New key for ${provider}`} placeholder="new API key"
      value=${apiKey} onInput=${withValue(setApiKey)} />
    <button type="submit">${stored ? 'Rotate' : 'Set'}</button>
    ${error ? html`<span class="error-text" role="alert">${error}</span>` : null}
  </form>`;
}

/** A stored provider key (GET /admin/provider-keys). @typedef {{ provider: string, hint: string, version: number, updated_at: string }} StoredKey */

/** @param {{ refreshKey: number }} props */
export function ProviderKeys({ refreshKey }) {
  const [changes, setChanges] = useState(0);
  const version = `${refreshKey}:${changes}`;
  const providers = useApi('/v1/analytics/queues', {}, version);
  const stored = useApi('/admin/provider-keys', {}, version);
  /** @type {StoredKey[]} */
  const keys = stored.data?.data ?? [];
  const byProvider = new Map(keys.map((entry) => [entry.provider, entry]));
  /** @type {string[]} */
  const names = (providers.data?.data ?? []).map((/** @type {{ provider: string }} */ row) => row.provider);
  return html`<section class="card" aria-label="Provider keys">
    <div class="card-head"><h3>Provider keys</h3><span class="muted">stored sealed; a change reaches every worker within a second</span></div>
    ${providers.error || stored.error ? html`<p class="error-banner">${providers.error ?? stored.error}</p>` : null}
    <table class="compact provider-keys">
      <thead><tr><th>account</th><th>stored key</th><th class="num">version</th><th>last rotated</th><th>set or rotate</th></tr></thead>
      <tbody>
        ${names.map((provider) => {
          const entry = byProvider.get(provider);
          return html`<tr data-provider=${provider}>
            <td class="name">${provider}</td>
            <td class="mono hint">${entry ? entry.hint : html`<span class="muted">none (the config's api_key)</span>`}</td>
            <td class="num">${entry ? entry.version : '–'}</td>
            <td class="nowrap rotated">${entry ? formatTime(entry.updated_at) : '–'}</td>
            <td><${SetKeyForm} provider=${provider} stored=${entry !== undefined} onSaved=${() => setChanges((count) => count + 1)} /></td>
          </tr>`;
        })}
      </tbody>
    </table>
  </section>`;
}
