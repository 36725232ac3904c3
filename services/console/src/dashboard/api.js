// Calls the gateway's JSON APIs. The browser sends the httpOnly session cookie itself (docs/dashboard.md, "Sign-in").

/**
 * GET `path` with the non-empty `params` as its query; rejects with the API's error message.
 * @param {string} path
 * @param {Record<string, unknown>} [params]
 * @returns {Promise<any>} the API's JSON answer
 */
export async function getJson(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const url = query.size > 0 ? `${path}?${query}` : path;
  return send(url, { headers: { accept: 'application/json' } });
}

/**
 * A state-changing call (POST, PUT, PATCH, DELETE) with a JSON body; the browser adds the Origin header.
 * @param {'POST' | 'PUT' | 'PATCH' | 'DELETE'} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>} the API's JSON answer
 */
export async function sendJson(method, path, body) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/**
 * @param {string} url
 * @param {RequestInit} init
 * @returns {Promise<any>}
 */
async function send(url, init) {
  const response = await fetch(url, { ...init, credentials: 'same-origin' });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.error?.message ?? `${response.status} ${response.statusText}`);
  return body;
}
