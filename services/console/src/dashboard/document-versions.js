// A config's or prompt's versions: view one, diff two, roll back to one (a new version copying it).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { sendJson } from './api.js';
import { documentPath } from './document-kinds.js';
import { toText } from './document-text.js';
import { withValue } from './dom-events.js';
import { formatTime } from './format.js';
import { diffLines } from './line-diff.js';

/** @type {Record<import('./line-diff.js').DiffLine['kind'], string>} */
const MARK = { same: ' ', removed: '-', added: '+' };

/** @typedef {import('./api-types').DocumentKind} DocumentKind */
/** @typedef {import('./api-types').DocumentVersion} DocumentVersion */

/** @param {{ kind: DocumentKind, versions: DocumentVersion[] }} props */
function VersionDiff({ kind, versions }) {
  const numbers = versions.map((entry) => entry.version);
  const [from, setFrom] = useState(numbers[1] ?? numbers[0]);
  const [to, setTo] = useState(numbers[0]);
  useEffect(() => {
    setFrom(numbers[1] ?? numbers[0]);
    setTo(numbers[0]);
  }, [numbers.join(',')]);
  /** @param {number | undefined} number */
  const textOf = (number) => toText(versions.find((entry) => entry.version === number)?.[kind.field] ?? {}, 'yaml');
  const lines = diffLines(textOf(from), textOf(to));
  /**
   * @param {string} label
   * @param {number | undefined} value
   * @param {(number: number) => void} onChange
   */
  const picker = (label, value, onChange) =>
    html`<select aria-label=${label} value=${value} onChange=${withValue((value) => onChange(Number(value)))}>
      ${numbers.map((number) => html`<option value=${number}>v${number}</option>`)}
    </select>`;
  return html`<div class="diff" role="group" aria-label="Diff">
    <div class="row-form"><span>Compare</span>${picker('Diff from', from, setFrom)}<span>with</span>${picker('Diff to', to, setTo)}</div>
    <pre class="body diff-lines">${lines.map((line) => html`<span class=${`diff-${line.kind}`}>${MARK[line.kind]} ${line.text}</span>`)}</pre>
  </div>`;
}

/** @param {{ kind: DocumentKind, id: string, versions: DocumentVersion[], onChanged: () => void }} props */
export function DocumentVersions({ kind, id, versions, onChanged }) {
  const [viewing, setViewing] = useState(/** @type {number | null} */ (null));
  const [error, setError] = useState('');
  const live = versions[0]?.version;
  /** @param {number} version */
  const rollBack = (version) => {
    setError('');
    sendJson('POST', documentPath(kind, id, '/rollback'), { version }).then(onChanged, (failure) =>
      setError(failure.message),
    );
  };
  const shown = versions.find((entry) => entry.version === viewing);
  return html`<section aria-label="Versions">
    <h4>Versions</h4>
    ${error ? html`<p class="error-banner" role="alert">${error}</p>` : null}
    <table class="compact versions">
      <thead><tr><th>version</th><th>saved</th><th>note</th><th></th></tr></thead>
      <tbody>
        ${versions.map(
          (entry) => html`<tr data-version=${entry.version}>
            <td>v${entry.version} ${entry.version === live ? html`<span class="pill ok">live</span>` : null}</td>
            <td class="nowrap">${formatTime(entry.created_at)}</td>
            <td class="muted">${entry.rolled_back_from ? `rolled back to v${entry.rolled_back_from}` : ''}</td>
            <td class="nowrap">
              <button type="button" class="secondary" onClick=${() => setViewing(viewing === entry.version ? null : entry.version)}>${viewing === entry.version ? 'Hide' : 'View'}</button>
              ${entry.version === live ? null : html`<button type="button" class="secondary" onClick=${() => rollBack(entry.version)}>Roll back to v${entry.version}</button>`}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${shown ? html`<pre class="body" aria-label=${`Version ${shown.version}`}>${toText(shown[kind.field], 'yaml')}</pre>` : null}
    ${versions.length > 1 ? html`<${VersionDiff} kind=${kind} versions=${versions} />` : null}
  </section>`;
}
