// Virtual keys: create (the key shown once, with a copy button), list with budget use and rate limits, revoke.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson, sendJson } from './api.js';
import { formatTime, formatUsd } from './format.js';
import { useApi } from './use-api.js';

const EMPTY_DRAFT = { name: '', rateLimit: '', budgetUsd: '', budgetPeriod: 'month' };

function createBody(draft) {
  const body = { name: draft.name.trim() };
  if (draft.rateLimit.trim()) body.rate_limit = draft.rateLimit.trim();
  if (draft.budgetUsd.trim()) body.budget = { usd: Number(draft.budgetUsd), period: draft.budgetPeriod };
  return body;
}

function CreateKeyForm({ onCreated }) {
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const [error, setError] = useState('');
  const field = (name) => ({
    value: draft[name],
    onInput: (event) => {
      const value = event.currentTarget.value;
      setDraft((current) => ({ ...current, [name]: value }));
    },
  });
  const submit = (event) => {
    event.preventDefault();
    setError('');
    sendJson('POST', '/admin/virtual-keys', createBody(draft)).then(
      (created) => {
        setDraft(EMPTY_DRAFT);
        onCreated(created);
      },
      (failure) => setError(failure.message),
    );
  };
  return html`<form class="row-form" aria-label="New virtual key" onSubmit=${submit}>
    <input aria-label="Key name" placeholder="name" required ...${field('name')} />
    <input aria-label="Rate limit" placeholder="rate limit, e.g. 100;w=60" class="wide" ...${field('rateLimit')} />
    <input aria-label="Budget (USD)" placeholder="budget $" type="number" min="0" step="any" ...${field('budgetUsd')} />
    <select aria-label="Budget period" ...${field('budgetPeriod')}>
      ${['day', 'week', 'month'].map((period) => html`<option value=${period}>per ${period}</option>`)}
    </select>
    <button type="submit">Create key</button>
    ${error ? html`<p class="error-banner" role="alert">${error}</p>` : null}
  </form>`;
}

/** The new key, once: it is not stored, so it cannot be shown again. */
function NewKey({ created, onDismiss }) {
  const [copied, setCopied] = useState(false);
  const copy = () => navigator.clipboard.writeText(created.key).then(() => setCopied(true));
  return html`<div class="reveal" role="status" aria-label="New key">
    <p><strong>${created.name}</strong>: copy this key now — it is shown only once.</p>
    <div class="reveal-row">
      <input class="mono grow-input" readonly value=${created.key} aria-label="The new key" onFocus=${(event) => event.currentTarget.select()} />
      <button type="button" onClick=${copy}>${copied ? 'Copied' : 'Copy'}</button>
      <button type="button" class="secondary" onClick=${onDismiss}>Done</button>
    </div>
  </div>`;
}

/** Spend against the budget this period, from GET /admin/virtual-keys/:id (only keys with a budget have one). */
function BudgetUse({ keyView, refreshKey }) {
  const [status, setStatus] = useState(undefined);
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

function RevokeButton({ keyView, onRevoked }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  if (keyView.status === 'revoked') return html`<span class="muted">revoked ${formatTime(keyView.revoked_at)}</span>`;
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

function StatusPill({ status }) {
  const tone = status === 'active' ? 'ok' : status === 'revoked' ? 'danger' : 'warn';
  return html`<span class=${`pill ${tone}`}>${status}</span>`;
}

export function VirtualKeys({ refreshKey }) {
  const [changes, setChanges] = useState(0);
  const [created, setCreated] = useState(null);
  const keys = useApi('/admin/virtual-keys', {}, `${refreshKey}:${changes}`);
  const changed = () => setChanges((count) => count + 1);
  const rows = keys.data?.data ?? [];
  return html`<section class="card" aria-label="Virtual keys">
    <div class="card-head"><h3>Virtual keys</h3><span class="muted">${rows.length} keys</span></div>
    <${CreateKeyForm} onCreated=${(key) => {
      setCreated(key);
      changed();
    }} />
    ${created ? html`<${NewKey} created=${created} onDismiss=${() => setCreated(null)} />` : null}
    ${keys.error ? html`<p class="error-banner">${keys.error}</p>` : null}
    <div class="table-scroll">
      <table class="compact keys-table">
        <thead><tr><th>name</th><th>id</th><th>key</th><th>status</th><th>config</th><th>rate limit</th><th>budget use</th><th>created</th><th></th></tr></thead>
        <tbody>
          ${rows.map(
            (key) => html`<tr data-key-id=${key.id}>
              <td class="name">${key.name}</td>
              <td class="mono">${key.id}</td>
              <td class="mono">${key.key_hint}</td>
              <td><${StatusPill} status=${key.status} /></td>
              <td>${key.config ?? html`<span class="muted">default</span>`}</td>
              <td class="mono">${key.rate_limit ?? html`<span class="muted">none</span>`}</td>
              <td class="budget-cell"><${BudgetUse} keyView=${key} refreshKey=${refreshKey} /></td>
              <td class="nowrap">${formatTime(key.created_at)}</td>
              <td class="nowrap"><${RevokeButton} keyView=${key} onRevoked=${changed} /></td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}
