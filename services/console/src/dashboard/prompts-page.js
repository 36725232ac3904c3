// Prompts: versioned templates with their variables, edited, diffed and rolled back like configs, and a playground.
import { html } from 'htm/preact';
import { useCallback } from 'preact/hooks';
import { PROMPT_DOCUMENTS } from './document-kinds.js';
import { PromptPlayground } from './prompt-playground.js';
import { VersionedDocumentsPage } from './versioned-documents-page.js';

/** @param {{ refreshKey: number, onSelect: (id: string) => void }} props */
export function PromptsPage({ refreshKey, onSelect }) {
  const playground = useCallback(
    /** @param {{ id: string, versions: import('./api-types').DocumentVersion[] }} props */
    ({ id, versions }) => html`<${PromptPlayground} key=${id} id=${id} versions=${versions} onSelect=${onSelect} />`,
    [onSelect],
  );
  return html`<${VersionedDocumentsPage} kind=${PROMPT_DOCUMENTS} refreshKey=${refreshKey} extra=${playground} />`;
}
