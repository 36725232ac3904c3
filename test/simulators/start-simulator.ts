/**
 * Generic simulator lifecycle: a keep-alive node:http server that applies the
 * shared knobs (latency, drop, auth, scripted failures, rate limit) and hands
 * the remaining requests to a provider's routes. Control routes under `/__sim/`
 * let another process drive the knobs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  dropConnection,
  type JsonReply,
  parseJsonBody,
  readRequestBody,
  type SimulatorExchange,
  sendJson,
} from './simulator-exchange';
import { InvalidKnobsError, parseKnobs, type SimulatorKnobs, statusCarriesRetryAfter } from './simulator-knobs';
import { SimulatorState, type SimulatorStats } from './simulator-state';

export interface ProviderRoutes {
  /** Path appended to the origin to form the simulator's `url` (`/v1` for OpenAI, '' for the others). */
  basePath: string;
  /** Returns the provider's authentication error when the request lacks `requiredApiKey`. */
  authorize(exchange: SimulatorExchange, requiredApiKey: string): JsonReply | undefined;
  /** The provider's error reply for an HTTP status (scripted failures, rate limits, crashes). */
  failureReply(exchange: SimulatorExchange, status: number): JsonReply;
  /** Answers a request that passed the knobs, including the provider's 400 and 404 errors. */
  handle(exchange: SimulatorExchange): Promise<void>;
}

export interface StartSimulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  knobs?: Partial<SimulatorKnobs>;
}

export interface RunningSimulator {
  /** Base URL a gateway config uses for this provider. */
  url: string;
  /** `http://host:port` without a provider path (the Azure OpenAI endpoint form). */
  origin: string;
  configure(knobs: Partial<SimulatorKnobs>): void;
  /** Restores the knobs given at start and clears statistics and countdowns. */
  reset(): void;
  stats(): SimulatorStats;
  close(): Promise<void>;
}

const controlPrefix = '/__sim/';

function sendControlJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  response.end(text);
}

async function handleControl(state: SimulatorState, request: IncomingMessage, response: ServerResponse, path: string) {
  const body = await readRequestBody(request);
  const route = `${request.method} ${path}`;
  if (route === 'GET /__sim/stats') return sendControlJson(response, 200, state.stats());
  if (route === 'GET /__sim/knobs') return sendControlJson(response, 200, state.knobs);
  if (route === 'POST /__sim/reset') {
    state.reset();
    return sendControlJson(response, 200, { knobs: state.knobs });
  }
  if (route === 'POST /__sim/knobs') {
    const parsed = parseJsonBody(body === '' ? '{}' : body);
    if (!parsed.ok) return sendControlJson(response, 400, { error: { message: `invalid JSON: ${parsed.message}` } });
    try {
      state.configure(parseKnobs(parsed.value));
    } catch (error) {
      if (!(error instanceof InvalidKnobsError)) throw error;
      return sendControlJson(response, 400, { error: { message: error.message, problems: error.problems } });
    }
    return sendControlJson(response, 200, { knobs: state.knobs });
  }
  return sendControlJson(response, 404, { error: { message: `no simulator control route ${route}` } });
}

async function replyWithFailure(
  provider: ProviderRoutes,
  exchange: SimulatorExchange,
  status: number,
  retryAfterSeconds: number | undefined,
): Promise<void> {
  const reply = provider.failureReply(exchange, status);
  const headers = { ...reply.headers };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  await sendJson(exchange, { ...reply, headers });
}

async function handleProviderRequest(
  provider: ProviderRoutes,
  state: SimulatorState,
  exchange: SimulatorExchange,
  windowPosition: number,
): Promise<void> {
  const { knobs } = exchange;
  if (knobs.latencyMs > 0) await delay(knobs.latencyMs, undefined, { signal: exchange.signal });
  if (knobs.drop === 'before-headers') {
    dropConnection(exchange);
    return;
  }
  if (knobs.requiredApiKey !== undefined) {
    const authenticationError = provider.authorize(exchange, knobs.requiredApiKey);
    if (authenticationError !== undefined) return sendJson(exchange, authenticationError);
  }
  const failureStatus = state.takeFailure();
  if (failureStatus !== undefined) {
    const retryAfter = statusCarriesRetryAfter(failureStatus) ? knobs.retryAfterS : undefined;
    return replyWithFailure(provider, exchange, failureStatus, retryAfter);
  }
  const rateLimit = state.checkRateLimit(windowPosition);
  if (rateLimit.limited) return replyWithFailure(provider, exchange, 429, rateLimit.retryAfterSeconds);
  await provider.handle(exchange);
}

function createRequestListener(provider: ProviderRoutes, state: SimulatorState, closing: AbortSignal) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://simulator.local');
    try {
      if (url.pathname.startsWith(controlPrefix)) {
        await handleControl(state, request, response, url.pathname);
        return;
      }
      const record = state.recordRequestStarted(`${url.pathname}${url.search}`, request.headers);
      const disconnected = new AbortController();
      response.on('close', () => {
        record.finish();
        disconnected.abort();
      });
      // A multipart upload is left unread for its handler to stream (media files may be tens of megabytes).
      const multipart = (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
      const body = multipart ? '' : await readRequestBody(request);
      const parsed = parseJsonBody(body);
      state.recordBody(body === '' ? undefined : parsed.ok ? parsed.value : body, body);
      const exchange: SimulatorExchange = {
        request,
        response,
        url,
        body,
        knobs: state.knobs,
        signal: AbortSignal.any([closing, disconnected.signal]),
        recordBody: (value) => state.recordBody(value, ''),
      };
      try {
        await handleProviderRequest(provider, state, exchange, record.windowPosition);
      } catch (error) {
        if (exchange.signal.aborted) return;
        if (!response.headersSent) await sendJson(exchange, provider.failureReply(exchange, 500));
        else response.destroy(error instanceof Error ? error : undefined);
      }
    } catch {
      if (!response.headersSent && !response.destroyed)
        sendControlJson(response, 500, { error: { message: 'simulator failure' } });
      else response.destroy();
    }
  };
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startSimulator(
  provider: ProviderRoutes,
  options: StartSimulatorOptions = {},
): Promise<RunningSimulator> {
  const state = new SimulatorState(options.knobs);
  const closing = new AbortController();
  const sockets = new Set<Socket>();
  const server = createServer({ keepAlive: true }, createRequestListener(provider, state, closing.signal));
  server.keepAliveTimeout = 10_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  const address = await listen(server, options.port ?? 0, host);
  const origin = `http://${host}:${address.port}`;
  let closed: Promise<void> | undefined;
  return {
    url: `${origin}${provider.basePath}`,
    origin,
    configure: (knobs) => state.configure(knobs),
    reset: () => state.reset(),
    stats: () => state.stats(),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
