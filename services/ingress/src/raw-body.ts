import type { IncomingMessage } from 'node:http';

const rawBodies = new WeakMap<IncomingMessage, Buffer>();

/**
 * Keeps a JSON body's bytes beside its parsed form, for routes that forward a request as it came
 * (docs/anthropic-messages.md): the bytes are read once and both parsed and kept, never re-encoded.
 */
export function keepRawBody(request: IncomingMessage, bytes: Buffer): void {
  rawBodies.set(request, bytes);
}

/** The body's JSON text as the client sent it (after any content-encoding was undone). */
export function rawBodyText(request: IncomingMessage): string {
  return rawBodies.get(request)?.toString('utf8') ?? '';
}
