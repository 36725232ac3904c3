import { CliError } from './cli-error';

export interface GatewayClientOptions {
  url: string;
  apiKey: string | undefined;
}

/** HTTP to a Sluice gateway; an error answer becomes a CliError carrying the gateway's own message. */
export class GatewayClient {
  constructor(private readonly options: GatewayClientOptions) {}

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as T;
  }

  /** A raw exchange (uploads, downloads); the response is returned only when it is a 2xx. */
  async send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.options.apiKey) headers.set('authorization', `Bearer ${this.options.apiKey}`);
    let response: Response;
    try {
      response = await fetch(`${this.options.url.replace(/\/+$/, '')}${path}`, { ...init, headers });
    } catch (error) {
      const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new CliError(`cannot reach the gateway at ${this.options.url} (${reason}); start it or pass --url`);
    }
    if (response.ok) return response;
    const text = await response.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
    } catch {
      // not JSON: the text is the message
    }
    throw new CliError(`${init.method ?? 'GET'} ${path} failed with HTTP ${response.status}: ${message}`);
  }
}
