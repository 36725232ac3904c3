/**
 * One request/response pair as provider handlers see it, and the helpers that
 * answer it with JSON while honouring the `drop` knob.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MALFORMED_BODY, type SimulatorKnobs } from './simulator-knobs';

export interface SimulatorExchange {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  /** Raw request body text. */
  body: string;
  /** Knobs as they were when the request arrived. */
  knobs: SimulatorKnobs;
  /** Aborted when the client disconnects or the simulator closes. */
  signal: AbortSignal;
  /** Records what a handler read from a body it parsed itself (a multipart upload), as `stats().lastBody`. */
  recordBody: (value: unknown) => void;
}

export interface JsonReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJsonBody(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readRequestBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Header value as a single string (first value of a repeated header). */
export function headerValue(exchange: SimulatorExchange, name: string): string | undefined {
  const value = exchange.request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(exchange: SimulatorExchange): string | undefined {
  const authorization = headerValue(exchange, 'authorization');
  const match = authorization?.match(/^Bearer\s+(.+)$/i);
  return match?.[1];
}

export function isClosed(exchange: SimulatorExchange): boolean {
  return exchange.signal.aborted || exchange.response.destroyed;
}

/** Writes bytes and resolves once they are handed to the socket (or the response is gone). */
export function writeAndFlush(response: ServerResponse, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (response.destroyed) {
      resolve();
      return;
    }
    response.write(data, () => resolve());
  });
}

/** Destroys the connection without a proper HTTP ending, as a crashed upstream would. */
export function dropConnection(exchange: SimulatorExchange): void {
  exchange.request.socket.destroy();
}

/**
 * Sends a JSON reply. With `drop: 'mid-stream'` the headers and half of the body
 * are written and then the connection is destroyed; with `malformed: 'shape'` a 200's body is the wrong shape.
 */
export async function sendJson(exchange: SimulatorExchange, reply: JsonReply): Promise<void> {
  if (isClosed(exchange)) return;
  const malformed = exchange.knobs.malformed === 'shape' && reply.status === 200;
  const text = JSON.stringify(malformed ? MALFORMED_BODY : reply.body);
  exchange.response.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...reply.headers,
  });
  if (exchange.knobs.drop === 'mid-stream') {
    exchange.response.flushHeaders();
    await writeAndFlush(exchange.response, text.slice(0, Math.floor(text.length / 2)));
    dropConnection(exchange);
    return;
  }
  exchange.response.end(text);
}
