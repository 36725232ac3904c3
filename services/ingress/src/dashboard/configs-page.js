// Configs: every routing config (from sluice.yaml or stored), each edited into new versions, diffed and rolled back.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { ConfigEditor } from './config-editor.js';
import { ConfigVersions } from './config-versions.js';
import { useApi } from './use-api.js';

const NEW_CONFIG = { targets: [{ provider: '', model: '' }] };
const NO_VERSIONS = [];

function ConfigList({ configs, selected, onSelect }) {
  const [newId, setNewId] = useState('');
  const create = (event) => {
    event.preventDefault();
    if (newId.trim()) onSelect(newId.trim());
    setNewId('');
  };
  return html`<section class="card config-list" aria-label="Configs">
    <h3>Configs</h3>
    <ul class="plain">
      ${configs.map(
        (config) => html`<li>
          <button type="button" class=${config.id === selected ? 'selected' : 'secondary'} onClick=${() => onSelect(config.id)}>
            ${config.id} <span class="muted">${config.version === null ? 'file' : `v${config.version}`}</span>
          </button>
        </li>`,
      )}
    </ul>
    <form class="row-form" onSubmit=${create}>
      <input aria-label="New config id" placeholder="new config id" value=${newId} onInput=${(event) => setNewId(event.currentTarget.value)} />
      <button type="submit" class="secondary">New</button>
    </form>
  </section>`;
}

function ConfigDetail({ id, entry, refreshKey, onChanged }) {
  const stored = entry !== undefined && entry.version !== null;
  const versions = useApi(stored ? `/admin/configs/${encodeURIComponent(id)}/versions` : null, {}, refreshKey);
  const newestFirst = stored ? [...(versions.data?.data ?? NO_VERSIONS)].reverse() : NO_VERSIONS;
  const source =
    entry === undefined
      ? 'new: not saved yet'
      : stored
        ? `live version v${entry.version}`
        : 'from sluice.yaml (no stored version yet)';
  return html`<section class="card config-detail" aria-label=${`Config ${id}`}>
    <div class="card-head"><h3 class="mono">${id}</h3><span class="muted">${source}</span></div>
    <${ConfigEditor} id=${id} document=${entry?.config ?? NEW_CONFIG} liveVersion=${entry?.version} onSaved=${onChanged} />
    ${versions.error ? html`<p class="error-banner">${versions.error}</p>` : null}
    ${newestFirst.length > 0 ? html`<${ConfigVersions} id=${id} versions=${newestFirst} onChanged=${onChanged} />` : null}
  </section>`;
}

export function ConfigsPage({ refreshKey }) {
  const [changes, setChanges] = useState(0);
  const [selected, setSelected] = useState(null);
  const version = `${refreshKey}:${changes}`;
  const list = useApi('/admin/configs', {}, version);
  const configs = [...(list.data?.data ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  const current = selected ?? configs[0]?.id ?? null;
  return html`<div class="configs">
    ${list.error ? html`<p class="error-banner">${list.error}</p>` : null}
    <${ConfigList} configs=${configs} selected=${current} onSelect=${setSelected} />
    ${
      current === null
        ? html`<p class="muted">No configs yet.</p>`
        : html`<${ConfigDetail} key=${current} id=${current} entry=${configs.find((config) => config.id === current)}
            refreshKey=${version} onChanged=${() => setChanges((count) => count + 1)} />`
    }
  </div>`;
}
