// Virtual keys: create (the key shown once, with a copy button), list with budget use and rate limits, edit, revoke.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson, sendJson } from './api.js';
import { formatTime, formatUsd } from './format.js';
import { useApi } from './use-api.js';
import { createBody, EMPTY_SETTINGS, SettingsFields, settingsOf, updateBody } from './virtual-key-settings.js';

/** @typedef {import('./api-types').VirtualKeyView} VirtualKeyView */
/** A key just created: the only time its `key` is shown. @typedef {VirtualKeyView & { key: string }} CreatedKey */

/** @param {{ configIds: string[], onCreated: (created: CreatedKey) => void }} props */
function CreateKeyForm({ configIds, onCreated }) {
  const [settings, setSettings] = useState(EMPTY_SETTINGS);
  const [error, setError] = useState('');
  /** @param {Event} event */
  const submit = (event) => {
    event.preventDefault();
    setError('');
    sendJson('POST', '/admin/virtual-keys', createBody(settings)).then(
      (created) => {
        setSettings(EMPTY_SETTINGS);
        onCreated(created);
      },
      (failure) => setError(failure.message),
    );
  };
  return html`<form class="row-form" aria-label="New virtual key" onSubmit=${submit}>
    <${SettingsFields} settings=${settings} onChange=${setSettings} configIds=${configIds} />
    <button type="submit">Create key</button>
    ${error ? html`<p class="error-banner" role="alert">${error}</p>` : null}
  </form>`;
}

/** @param {{ keyView: VirtualKeyView, configIds: string[], onDone: (saved: boolean) => void }} props */
function EditKeyRow({ keyView, configIds, onDone }) {
  const [settings, setSettings] = useState(() => settingsOf(keyView));
  const [error, setError] = useState('');
  /** @param {Event} event */
  const submit = (event) => {
    event.preventDefault();
    setError('');
    const changes = updateBody(settings, keyView);
    if (Object.keys(changes).length === 0) return onDone(false);
    sendJson('PATCH', `/admin/virtual-keys/${encodeURIComponent(keyView.id)}`, changes).then(
      () => onDone(true),
      (failure) => setError(failure.message),
    );
  };
  return html`<tr class="editing" data-key-id=${keyView.id}>
    <td colspan="9">
      <form class="row-form" aria-label=${`Edit key ${keyView.name}`} onSubmit=${submit}>
        <${SettingsFields} settings=${settings} onChange=${setSettings} configIds=${configIds}
          budgetLocked=${keyView.budget?.alert_webhook_signed === true} />
        <button type="submit">Save</button>
        <button type="button" class="secondary" onClick=${() => onDone(false)}>Cancel</button>
        ${error ? html`<p class="error-banner" role="alert">${error}</p>` : null}
      </form>
    </td>
  </tr>`;
}

/** The new key, once: it is not stored, so it cannot be shown again. */
/** @param {{ created: CreatedKey, onDismiss: () => void }} props */
function NewKey({ created, onDismiss }) {
  const [copied, setCopied] = useState(false);
  const copy = () => navigator.clipboard.writeText(created.key).then(() => setCopied(true));
  return html`<div class="reveal" role="status" aria-label="New key">
    <p><strong>${created.name}</strong>: copy this key now — it is shown only once.</p>
    <div class="reveal-row">
      <input class="mono grow-input" readonly value=${created.key} aria-label="The new key" onFocus=${(/** @type {FocusEvent} */ event) => /** @type {HTMLInputElement} */ (event.currentTarget).select()} />
      <button type="button" onClick=${copy}>${copied ? 'Copied' : 'Copy'}</button>
      <button type="button" class="secondary" onClick=${onDismiss}>Done</button>
    </div>
  </div>`;
}

/** Spend against the budget this period, from GET /admin/virtual-keys/:id (only keys with a budget have one). */
/** @param {{ keyView: VirtualKeyView, refreshKey: number }} props */
function BudgetUse({ keyView, refreshKey }) {
  const [status, setStatus] = useState(
    /** @type {{ spent_usd: number, limit_usd: number, period: string } | null | undefined} */ (undefined),
  );
  useEffect(() => {
    if (!keyView.budget) return;
    getJson(`/admin/virtual-keys/${encodeURIComponent(keyView.id)}`).then(
      (detail) => setStatus(detail.budget_status),
      () => setStatus(null),
    );
  }, [keyView.id, keyView.budget, refreshKey]);
  if (!keyView.budget) return html`<span class="muted">none</span>`;
  if (!status) return html`<span class="muted">${formatUsd(keyView.budget.usd)} / ${keyView.budget.period}</span>`;
  const ratio = status.limit_usd > 0 ? status.spent_usd / status.limit_usd : 0;
  return html`<div class="budget">
    <span>${formatUsd(status.spent_usd)} of ${formatUsd(status.limit_usd)} / ${status.period}</span>
    <div class="bar"><div class=${`bar-fill ${ratio >= 0.8 ? 'danger' : ''}`} style=${`width:${Math.min(1, ratio) * 100}%`}></div></div>
  </div>`;
}

/** @param {{ keyView: VirtualKeyView, onRevoked: () => void }} props */
function RevokeButton({ keyView, onRevoked }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  if (keyView.status === 'revoked')
    return html`<span class="muted">revoked ${keyView.revoked_at ? formatTime(keyView.revoked_at) : ''}</span>`;
  const revoke = () =>
    sendJson('POST', `/admin/virtual-keys/${encodeURIComponent(keyView.id)}/revoke`).then(onRevoked, (failure) =>
      setError(failure.message),
    );
  return html`${
    confirming
      ? html`<button type="button" class="danger" onClick=${revoke}>Confirm revoke</button>
        <button type="button" class="secondary" onClick=${() => setConfirming(false)}>Cancel</button>`
      : html`<button type="button" class="secondary" onClick=${() => setConfirming(true)}>Revoke</button>`
  }${error ? html`<span class="error-text">${error}</span>` : null}`;
}

/** @param {{ status: string }} props */
function StatusPill({ status }) {
  const tone = status === 'active' ? 'ok' : status === 'revoked' ? 'danger' : 'warn';
  return html`<span class=${`pill ${tone}`}>${status}</span>`;
}

/** @param {{ refreshKey: number }} props */
export function VirtualKeys({ refreshKey }) {
  const [changes, setChanges] = useState(0);
  const [created, setCreated] = useState(/** @type {CreatedKey | null} */ (null));
  const [editing, setEditing] = useState(/** @type {string | null} */ (null));
  const keys = useApi('/admin/virtual-keys', {}, `${refreshKey}:${changes}`);
  const configs = useApi('/admin/configs', {}, refreshKey);
  /** @type {string[]} */
  const configIds = (configs.data?.data ?? []).map((/** @type {{ id: string }} */ config) => config.id).sort();
  const changed = () => setChanges((count) => count + 1);
  /** @type {VirtualKeyView[]} */
  const rows = keys.data?.data ?? [];
  return html`<section class="card" aria-label="Virtual keys">
    <div class="card-head"><h3>Virtual keys</h3><span class="muted">${rows.length} keys</span></div>
    <${CreateKeyForm} configIds=${configIds} onCreated=${(/** @type {CreatedKey} */ key) => {
      setCreated(key);
      changed();
    }} />
    ${created ? html`<${NewKey} created=${created} onDismiss=${() => setCreated(null)} />` : null}
    ${keys.error ? html`<p class="error-banner">${keys.error}</p>` : null}
    <div class="table-scroll">
      <table class="compact keys-table">
        <thead><tr><th>name</th><th>id</th><th>key</th><th>status</th><th>config</th><th>rate limit</th><th>budget use</th><th>created</th><th></th></tr></thead>
        <tbody>
          ${rows.map((key) =>
            key.id === editing
              ? html`<${EditKeyRow} keyView=${key} configIds=${configIds} onDone=${(/** @type {boolean} */ saved) => {
                  setEditing(null);
                  if (saved) changed();
                }} />`
              : html`<tr data-key-id=${key.id}>
              <td class="name">${key.name}</td>
              <td class="mono">${key.id}</td>
              <td class="mono">${key.key_hint}</td>
              <td><${StatusPill} status=${key.status} /></td>
              <td>${key.config ?? html`<span class="muted">default</span>`}</td>
              <td class="mono">${key.rate_limit ?? html`<span class="muted">none</span>`}</td>
              <td class="budget-cell"><${BudgetUse} keyView=${key} refreshKey=${refreshKey} /></td>
              <td class="nowrap">${formatTime(key.created_at)}</td>
              <td class="nowrap actions">
                ${key.status === 'revoked' ? null : html`<button type="button" class="secondary" onClick=${() => setEditing(key.id)}>Edit</button>`}
                <${RevokeButton} keyView=${key} onRevoked=${changed} />
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}
