// Configs or prompts: every document (from sluice.yaml or stored), each edited into new versions, diffed and rolled
// back; a page may add a panel beside the editor (the prompt playground).
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { DocumentEditor } from './document-editor.js';
import { documentPath } from './document-kinds.js';
import { DocumentVersions } from './document-versions.js';
import { withValue } from './dom-events.js';
import { useApi } from './use-api.js';

/** @typedef {import('./api-types').DocumentKind} DocumentKind */
/** @typedef {import('./api-types').DocumentEntry} DocumentEntry */
/** @typedef {import('./api-types').DocumentVersion} DocumentVersion */
/** @typedef {import('./api-types').DocumentExtra} DocumentExtra */

/** @type {DocumentVersion[]} */
const NO_VERSIONS = [];

/**
 * @param {{ kind: DocumentKind, documents: DocumentEntry[], selected: string | null, onSelect: (id: string) => void }} props
 */
function DocumentList({ kind, documents, selected, onSelect }) {
  const [newId, setNewId] = useState('');
  /** @param {Event} event */
  const create = (event) => {
    event.preventDefault();
    if (newId.trim()) onSelect(newId.trim());
    setNewId('');
  };
  return html`<section class="card document-list" aria-label=${kind.plural}>
    <h3>${kind.plural}</h3>
    <ul class="plain">
      ${documents.map(
        (document) => html`<li>
          <button type="button" class=${document.id === selected ? 'selected' : 'secondary'} onClick=${() => onSelect(document.id)}>
            ${document.id} <span class="muted">${document.version === null ? 'file' : `v${document.version}`}</span>
          </button>
        </li>`,
      )}
    </ul>
    <form class="row-form" onSubmit=${create}>
      <input aria-label=${`New ${kind.label.toLowerCase()} id`} placeholder=${`new ${kind.label.toLowerCase()} id`} value=${newId}
        onInput=${withValue(setNewId)} />
      <button type="submit" class="secondary">New</button>
    </form>
  </section>`;
}

/**
 * @param {{
 *   kind: DocumentKind, id: string, entry: DocumentEntry | undefined, refreshKey: string, onChanged: () => void,
 *   extra?: DocumentExtra,
 * }} props
 */
function DocumentDetail({ kind, id, entry, refreshKey, onChanged, extra }) {
  const stored = entry !== undefined && entry.version !== null;
  const versions = useApi(stored ? documentPath(kind, id, '/versions') : null, {}, refreshKey);
  /** @type {DocumentVersion[]} */
  const newestFirst = stored ? [...(versions.data?.data ?? NO_VERSIONS)].reverse() : NO_VERSIONS;
  const source =
    entry === undefined
      ? 'new: not saved yet'
      : stored
        ? `live version v${entry.version}`
        : 'from sluice.yaml (no stored version yet)';
  return html`<section class="card document-detail" aria-label=${`${kind.label} ${id}`}>
    <div class="card-head"><h3 class="mono">${id}</h3><span class="muted">${source}</span></div>
    <${DocumentEditor} kind=${kind} id=${id} document=${entry?.[kind.field] ?? kind.starter} liveVersion=${entry?.version} onSaved=${onChanged} />
    ${versions.error ? html`<p class="error-banner">${versions.error}</p>` : null}
    ${extra && stored && entry ? extra({ id, entry, versions: newestFirst }) : null}
    ${newestFirst.length > 0 ? html`<${DocumentVersions} kind=${kind} id=${id} versions=${newestFirst} onChanged=${onChanged} />` : null}
  </section>`;
}

/**
 * `kind`: CONFIG_DOCUMENTS or PROMPT_DOCUMENTS; `extra({ id, entry, versions })`: a panel under the editor.
 * @param {{ kind: DocumentKind, refreshKey: number, extra?: DocumentExtra }} props
 */
export function VersionedDocumentsPage({ kind, refreshKey, extra }) {
  const [changes, setChanges] = useState(0);
  const [selected, setSelected] = useState(/** @type {string | null} */ (null));
  const version = `${refreshKey}:${changes}`;
  const list = useApi(kind.path, {}, version);
  /** @type {DocumentEntry[]} */
  const documents = [...(list.data?.data ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  const current = selected ?? documents[0]?.id ?? null;
  return html`<div class="documents">
    ${list.error ? html`<p class="error-banner">${list.error}</p>` : null}
    <${DocumentList} kind=${kind} documents=${documents} selected=${current} onSelect=${setSelected} />
    ${
      current === null
        ? html`<section class="card"><p class="muted">No ${kind.plural.toLowerCase()} yet: type an id under the list to start one.</p></section>`
        : html`<${DocumentDetail} key=${current} kind=${kind} id=${current} entry=${documents.find((document) => document.id === current)}
            refreshKey=${version} onChanged=${() => setChanges((count) => count + 1)} extra=${extra} />`
    }
  </div>`;
}
