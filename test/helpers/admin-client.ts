/** A small client for the admin API in tests: JSON in, status and JSON out. */
export interface AdminClient {
  request(
    method: string,
    path: string,
    body?: unknown,
    token?: string | null,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
}

export function adminClient(baseUrl: string, token: string): AdminClient {
  return {
    async request(method, path, body, override) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const presented = override === undefined ? token : override;
      if (presented !== null) headers.authorization = `Bearer ${presented}`;
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
        headers: response.headers,
      };
    },
  };
}

/** Polls until `check` passes or the time is up; returns how long it took. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000, intervalMs = 20): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
