// The prompt playground: runs a chosen version with its variables against a chosen config or model, streams the
// answer, and shows tokens, cost and latency; the run is an ordinary request, logged like any other.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.js';
import { readChatStream } from './chat-stream.js';
import { withValue } from './dom-events.js';
import { formatCount, formatMs, formatUsd } from './format.js';
import { useApi } from './use-api.js';

const LOGGED_WAIT_MS = 10_000;

/** @typedef {import('./api-types').LogRecord} LogRecord */
/** @typedef {import('./api-types').DocumentVersion} DocumentVersion */

/**
 * The run's log record, once the logger has written it (a moment after the answer ends).
 * @param {string} id
 * @returns {Promise<LogRecord>}
 */
async function loggedRecord(id) {
  const deadline = Date.now() + LOGGED_WAIT_MS;
  for (;;) {
    try {
      return await getJson(`/v1/logs/${encodeURIComponent(id)}`);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * @typedef {{
 *   requestId: string | null, usage: import('./chat-stream.js').StreamUsage | null, firstTokenMs: number | null,
 *   totalMs: number,
 * }} PlaygroundRun
 */

/**
 * @param {{ id: string, version: number, variables: Record<string, string>, config: string, model: string }} run
 * @param {(text: string) => void} onText
 * @returns {Promise<PlaygroundRun>}
 */
async function runPrompt({ id, version, variables, config, model }, onText) {
  /** @type {Record<string, string>} */
  const headers = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (config) headers['x-sluice-config'] = config;
  const startedAt = performance.now();
  const response = await fetch('/v1/chat/completions', {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    body: JSON.stringify({
      ...(model ? { model } : {}),
      prompt: { id, version, variables },
      stream: true,
      stream_options: { include_usage: true },
    }),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new Error(body?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  const { usage, firstTokenMs } = await readChatStream(response, startedAt, onText);
  return {
    requestId: response.headers.get('x-sluice-request-id'),
    usage,
    firstTokenMs,
    totalMs: performance.now() - startedAt,
  };
}

/** @param {{ run: PlaygroundRun, record: LogRecord | null, onSelect: (id: string) => void }} props */
function RunFigures({ run, record, onSelect }) {
  const usage = run.usage;
  return html`<dl class="fields run-figures" aria-label="Run figures">
    <div class="field"><dt>Tokens</dt><dd>${formatCount(usage?.prompt_tokens)} in / ${formatCount(usage?.completion_tokens)} out</dd></div>
    <div class="field"><dt>Cost</dt><dd data-testid="run-cost">${record ? formatUsd(record.cost_usd) : 'waiting for the log…'}</dd></div>
    <div class="field"><dt>First token</dt><dd>${formatMs(run.firstTokenMs)}</dd></div>
    <div class="field"><dt>Latency</dt><dd>${formatMs(run.totalMs)}${record ? ` (gateway ${formatMs(record.latency_ms)})` : ''}</dd></div>
    <div class="field"><dt>Served by</dt><dd>${record ? `${record.provider} · ${record.served_model}` : '–'}</dd></div>
    <div class="field"><dt>Logged as</dt><dd>${
      record
        ? html`<button type="button" class="link" onClick=${() => onSelect(record.id)}>${record.id}</button>`
        : (run.requestId ?? '–')
    }</dd></div>
  </dl>`;
}

/** @param {{ id: string, versions: DocumentVersion[], onSelect: (id: string) => void }} props */
export function PromptPlayground({ id, versions, onSelect }) {
  const [version, setVersion] = useState(versions[0]?.version);
  const chosen = versions.find((entry) => entry.version === version) ?? versions[0];
  const [values, setValues] = useState(/** @type {Record<string, string>} */ ({}));
  const [config, setConfig] = useState('');
  const [model, setModel] = useState('');
  const [answer, setAnswer] = useState('');
  const [state, setState] = useState(
    /** @type {{ running: boolean, error: string, run: PlaygroundRun | null, record: LogRecord | null }} */ ({
      running: false,
      error: '',
      run: null,
      record: null,
    }),
  );
  const configs = useApi('/admin/configs', {}, 0);
  useEffect(() => setVersion(versions[0]?.version), [versions[0]?.version]);
  useEffect(() => {
    setValues({ ...(chosen?.prompt?.variables ?? {}) });
    setModel(chosen?.prompt?.model ?? '');
  }, [chosen?.version]);
  /** @param {Event} event */
  const run = (event) => {
    event.preventDefault();
    if (!chosen) return;
    setAnswer('');
    setState({ running: true, error: '', run: null, record: null });
    runPrompt({ id, version: chosen.version, variables: values, config, model: model.trim() }, (text) =>
      setAnswer((shown) => shown + text),
    )
      .then((finished) => {
        setState((current) => ({ ...current, running: false, run: finished }));
        return finished.requestId ? loggedRecord(finished.requestId) : null;
      })
      .then(
        (record) => setState((current) => ({ ...current, record })),
        (failure) => setState((current) => ({ ...current, running: false, error: failure.message })),
      );
  };
  if (!chosen) return null;
  return html`<section class="playground" aria-label="Playground">
    <h4>Playground</h4>
    <form class="playground-form" onSubmit=${run}>
      <label>Version
        <select aria-label="Prompt version" value=${chosen.version} onChange=${withValue((value) => setVersion(Number(value)))}>
          ${versions.map((entry) => html`<option value=${entry.version}>v${entry.version}</option>`)}
        </select>
      </label>
      ${(chosen.variables ?? []).map(
        (name) => html`<label>${name}
          <input aria-label=${`Variable ${name}`} value=${values[name] ?? ''}
            onInput=${withValue((value) => setValues((current) => ({ ...current, [name]: value })))} />
        </label>`,
      )}
      <label>Config
        <select aria-label="Run with config" value=${config} onChange=${withValue(setConfig)}>
          <option value="">the gateway's default</option>
          ${(configs.data?.data ?? []).map((/** @type {{ id: string }} */ entry) => html`<option value=${entry.id}>${entry.id}</option>`)}
        </select>
      </label>
      <label>Model
        <input aria-label="Run with model" placeholder="the prompt's or the config's" value=${model} onInput=${withValue(setModel)} />
      </label>
      <button type="submit" disabled=${state.running}>${state.running ? 'Running…' : 'Run'}</button>
    </form>
    ${state.error ? html`<p class="error-banner" role="alert">${state.error}</p>` : null}
    ${answer || state.running ? html`<pre class="body answer" aria-label="Answer" aria-live="polite">${answer}</pre>` : null}
    ${state.run ? html`<${RunFigures} run=${state.run} record=${state.record} onSelect=${onSelect} />` : null}
  </section>`;
}
