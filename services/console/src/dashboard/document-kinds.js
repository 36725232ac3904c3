// The versioned documents the admin API keeps (docs/dashboard.md): where each lives and what its versions hold.

/**
 * `path`: the admin API's collection; `field`: the document's field in a version; `label`, `plural`: its names on the
 * page; `starter`: what a new id's editor starts from.
 */
/** @type {import('./api-types').DocumentKind} */
export const CONFIG_DOCUMENTS = {
  path: '/admin/configs',
  field: 'config',
  label: 'Config',
  plural: 'Configs',
  starter: { targets: [{ provider: '', model: '' }] },
};
/** @type {import('./api-types').DocumentKind} */
export const PROMPT_DOCUMENTS = {
  path: '/admin/prompts',
  field: 'prompt',
  label: 'Prompt',
  plural: 'Prompts',
  starter: { messages: [{ role: 'user', content: 'Hello {{name}}' }] },
};

/**
 * @param {import('./api-types').DocumentKind} kind
 * @param {string} id
 * @param {string} [suffix]
 */
export function documentPath(kind, id, suffix = '') {
  return `${kind.path}/${encodeURIComponent(id)}${suffix}`;
}
