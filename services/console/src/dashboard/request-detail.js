// One request in full: what was asked, what came back, every attempt, tokens and cost.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { formatCount, formatJson, formatMs, formatTime, formatUsd } from './format.js';
import { useApi } from './use-api.js';

/** @typedef {import('./api-types').LogRecord} LogRecord */

/** @param {{ label: string, value: unknown }} props */
function Field({ label, value }) {
  return html`<div class="field"><dt>${label}</dt><dd>${value === null || value === undefined || value === '' ? '–' : value}</dd></div>`;
}

/** @param {{ attempts: import('./api-types').Attempt[] }} props */
function Attempts({ attempts }) {
  return html`<table class="compact">
    <thead><tr><th>#</th><th>provider</th><th>model</th><th>status</th><th class="num">latency</th><th>error</th></tr></thead>
    <tbody>
      ${attempts.map(
        (attempt, index) => html`<tr>
          <td>${index + 1}</td><td>${attempt.provider}</td><td>${attempt.model}</td>
          <td><span class=${`pill ${attempt.status === 200 ? 'ok' : 'danger'}`}>${attempt.status}</span></td>
          <td class="num">${formatMs(attempt.latency_ms)}</td><td class="wrap">${attempt.error ?? ''}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/** @param {{ title: string, value: unknown }} props */
function Body({ title, value }) {
  if (value === null || value === undefined)
    return html`<h4>${title}</h4><p class="muted">Not stored (bodies omitted for this request).</p>`;
  return html`<h4>${title}</h4><pre class="body">${formatJson(value)}</pre>`;
}

/**
 * The request as its client sent it (its own dialect: Anthropic Messages, Gemini, Responses…) and, when Sluice
 * translated it for the upstream, that translation one click away.
 * @param {{ sent: unknown, translated: unknown }} props
 */
function RequestBody({ sent, translated }) {
  const [shown, setShown] = useState(/** @type {'sent' | 'translated'} */ ('sent'));
  if (translated === undefined || translated === null) return html`<${Body} title="Request" value=${sent} />`;
  /** @param {'sent' | 'translated'} which @param {string} label */
  const choice = (which, label) =>
    html`<button type="button" role="radio" aria-checked=${shown === which} class=${shown === which ? '' : 'secondary'}
      onClick=${() => setShown(which)}>${label}</button>`;
  return html`<div class="card-head body-head"><h4>Request</h4>
      <div class="segmented" role="radiogroup" aria-label="Request body">
        ${choice('sent', 'As sent')}${choice('translated', 'Translated upstream')}
      </div>
    </div>
    <pre class="body" aria-label=${shown === 'sent' ? 'Request as sent' : 'Request translated upstream'}>${formatJson(shown === 'sent' ? sent : translated)}</pre>`;
}

/** @param {{ record: LogRecord }} props */
function Record({ record }) {
  const tokens = `${formatCount(record.prompt_tokens)} in (${formatCount(record.cached_tokens)} cached) / ${formatCount(record.completion_tokens)} out`;
  return html`<div class="detail-body">
    <dl class="fields">
      <${Field} label="Status" value=${`${record.status} (HTTP ${record.http_status})`} />
      <${Field} label="Time" value=${formatTime(record.created_at)} />
      <${Field} label="Mode" value=${record.mode} />
      <${Field} label="Provider" value=${record.provider} />
      <${Field} label="Model served" value=${record.served_model} />
      <${Field} label="Model asked" value=${record.requested_model} />
      <${Field} label="Config" value=${record.config_id} />
      <${Field} label="Prompt" value=${record.prompt_id ? `${record.prompt_id} v${record.prompt_version}` : null} />
      <${Field} label="Latency" value=${formatMs(record.latency_ms)} />
      <${Field} label="First token" value=${formatMs(record.ttft_ms)} />
      <${Field} label="Queue wait" value=${formatMs(record.queue_wait_ms)} />
      <${Field} label="Cache" value=${record.cache_score === null ? record.cache : `${record.cache} (score ${record.cache_score})`} />
      <${Field} label="User" value=${record.user_id} />
      <${Field} label="Session" value=${record.session_id} />
      <${Field} label="Trace" value=${record.trace_id} />
    </dl>
    <h4>Cost</h4>
    <dl class="fields">
      <${Field} label="Tokens" value=${tokens} />
      <${Field} label="Cost" value=${record.priced ? formatUsd(record.cost_usd) : 'unpriced model'} />
      <${Field} label="Saved by cache" value=${formatUsd(record.saved_usd)} />
      <${Field} label="Usage" value=${record.usage_estimated ? 'counted with the tokenizer' : 'reported by the provider'} />
    </dl>
    ${record.error ? html`<h4>Error</h4><p class="error-text">${record.error}</p>` : null}
    <h4>Attempts</h4>
    <${Attempts} attempts=${record.attempts ?? []} />
    <h4>Properties</h4>
    <p>${Object.entries(record.properties ?? {}).map(([name, value]) => html`<span class="tag">${name}=${value}</span>`)}</p>
    <${RequestBody} sent=${record.request_body} translated=${record.translated_request_body} />
    <${Body} title="Response" value=${record.response_body} />
  </div>`;
}

/** @param {{ id: string, onClose: () => void }} props */
export function RequestDetail({ id, onClose }) {
  const detail = useApi(`/v1/logs/${encodeURIComponent(id)}`, {}, 0);
  return html`<div class="drawer-backdrop" onClick=${onClose}>
    <aside class="drawer" role="dialog" aria-label="Request detail" onClick=${(/** @type {Event} */ event) => event.stopPropagation()}>
      <div class="card-head"><h3 class="mono">${id}</h3><button type="button" class="secondary" onClick=${onClose}>Close</button></div>
      ${detail.error ? html`<p class="error-banner">${detail.error}</p>` : null}
      ${detail.data ? html`<${Record} record=${detail.data} />` : html`<p class="muted">Loading…</p>`}
    </aside>
  </div>`;
}
