import type { IncomingMessage } from 'node:http';

const rawBodies = new WeakMap<IncomingMessage, string>();

/**
 * Keeps a JSON body's text beside its parsed form, for routes that forward a request as it came
 * (docs/anthropic-messages.md): the bytes are read and decoded once, then both parsed and kept, never re-encoded.
 */
export function keepRawBody(request: IncomingMessage, text: string): void {
  rawBodies.set(request, text);
}

/** The body's JSON text as the client sent it (after any content-encoding was undone and a byte-order mark dropped). */
export function rawBodyText(request: IncomingMessage): string {
  return rawBodies.get(request) ?? '';
}
