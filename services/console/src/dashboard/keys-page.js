// The keys page: the gateway's virtual keys and the providers' keys.
import { html } from 'htm/preact';
import { ProviderKeys } from './provider-keys.js';
import { VirtualKeys } from './virtual-keys.js';

/** @param {{ refreshKey: number }} props */
export function KeysPage({ refreshKey }) {
  return html`<div class="stack">
    <${VirtualKeys} refreshKey=${refreshKey} />
    <${ProviderKeys} refreshKey=${refreshKey} />
  </div>`;
}
