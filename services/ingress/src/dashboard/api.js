// Fetches the gateway's JSON APIs, with the saved bearer token when there is one.
const TOKEN_KEY = 'sluice.dashboard.token';

export function savedToken() {
  return localStorage.getItem(TOKEN_KEY) ?? '';
}

export function saveToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/** GET `path` with the non-empty `params` as its query; rejects with the API's error message. */
export async function getJson(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const url = query.size > 0 ? `${path}?${query}` : path;
  const headers = { accept: 'application/json' };
  const token = savedToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { headers });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.error?.message ?? `${response.status} ${response.statusText}`);
  return body;
}
