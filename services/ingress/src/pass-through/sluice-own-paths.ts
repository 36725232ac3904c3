/**
 * The first segments of the `/v1/*` paths Sluice answers itself (SPEC §4), which are never passed through: a request
 * to one of them that no route took (a wrong method, an unknown id) stays Sluice's 404 or 405.
 */
const SLUICE_OWN_SEGMENTS = new Set([
  'analytics',
  'audio',
  'batches',
  'chat',
  'completions',
  'embeddings',
  'files',
  'images',
  'jobs',
  'logs',
  'messages',
  'models',
  'moderations',
  'rerank',
  'responses',
]);

/** Whether `/v1/<rest>` (rest without its leading slash or query) is a path of Sluice's own API. */
export function isSluiceOwnPath(rest: string): boolean {
  const first = rest.split('/', 1)[0]?.toLowerCase() ?? '';
  return first === '' || SLUICE_OWN_SEGMENTS.has(first);
}
