import type { Readable } from 'node:stream';
import { UpstreamError } from '@sluice/errors';
import { Agent, type Dispatcher, errors as undiciErrors } from 'undici';
import type { MediaUpstreamRequest, UpstreamRequest } from './provider-adapter';

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as it arrives; read it once, with `text()` or by iterating its chunks. */
  body: AsyncIterable<Buffer> & { text(): Promise<string> };
}

/** A request relayed as it came (pass-through): any method, and a body streamed from the client, never buffered. */
export interface RelayedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Readable | undefined;
}

export interface HttpTransportOptions {
  /** Keep-alive connections per upstream origin. */
  connectionsPerOrigin?: number;
  keepAliveTimeoutMs?: number;
}

export interface SendOptions {
  signal: AbortSignal;
  /** Time allowed for the response headers; the caller's signal bounds the whole exchange. */
  headersTimeoutMs: number;
}

/** One keep-alive connection pool for every provider call; failures come back as UpstreamError. */
export class HttpTransport {
  private readonly agent: Agent;

  constructor(options: HttpTransportOptions = {}) {
    this.agent = new Agent({
      connections: options.connectionsPerOrigin ?? 256,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      pipelining: 1,
    });
  }

  async send(request: UpstreamRequest | MediaUpstreamRequest, options: SendOptions): Promise<UpstreamResponse> {
    return this.exchange(
      request.url,
      { method: request.method, headers: request.headers, body: request.body },
      options,
    );
  }

  /** Sends a relayed request, its body streamed as it arrives; failures come back as UpstreamError. */
  async relay(request: RelayedRequest, options: SendOptions): Promise<UpstreamResponse> {
    const method = request.method as Dispatcher.HttpMethod;
    return this.exchange(request.url, { method, headers: request.headers, body: request.body }, options);
  }

  /** One exchange with the URL parsed once; a failure is classified as the provider's (toUpstreamError). */
  private async exchange(
    url: string,
    request: Pick<Dispatcher.RequestOptions, 'method' | 'headers' | 'body'>,
    options: SendOptions,
  ): Promise<UpstreamResponse> {
    const target = new URL(url);
    try {
      const response = await this.agent.request({
        ...request,
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        signal: options.signal,
        headersTimeout: options.headersTimeoutMs,
        bodyTimeout: 0,
      });
      return { status: response.statusCode, headers: response.headers, body: response.body };
    } catch (error) {
      throw toUpstreamError(error, options.signal);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** Classifies a failed exchange: our own abort or a header timeout is `timeout`, anything else `network`. */
export function toUpstreamError(error: unknown, signal: AbortSignal): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof UpstreamError) return reason;
    return new UpstreamError({ message: 'the upstream call was aborted', kind: 'timeout', cause: error });
  }
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return new UpstreamError({ message: 'the provider did not answer in time', kind: 'timeout', cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamError({ message: `could not reach the provider: ${message}`, kind: 'network', cause: error });
}
