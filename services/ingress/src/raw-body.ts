import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';

const rawBodies = new WeakMap<IncomingMessage, Buffer>();

/**
 * express.json that also keeps the body's bytes, for routes that forward a request as it came
 * (docs/anthropic-messages.md): the bytes are read once and both parsed and kept, never re-encoded.
 */
export function readJsonKeepingBytes(limitBytes: number): RequestHandler {
  return express.json({
    limit: limitBytes,
    type: () => true,
    verify: (request, _response, bytes) => {
      rawBodies.set(request, bytes);
    },
  });
}

/** The body's JSON text as the client sent it (after any content-encoding was undone). */
export function rawBodyText(request: IncomingMessage): string {
  return rawBodies.get(request)?.toString('utf8') ?? '';
}
