import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError } from '@sluice/errors';
import type { RequestHandler } from 'express';
import { modelCallRouteAt, normalisedPath } from '../model-call-routes';

/** Room for a multipart upload's boundaries and part headers around a file of the largest allowed size. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export interface BodyLimits {
  /** SLUICE_BODY_LIMIT: every body but file uploads. */
  bodyLimitBytes: number;
  /** SLUICE_FILE_MAX_BYTES, when `POST /v1/files` is served. */
  fileMaxBytes?: number;
  /** SLUICE_MEDIA_MAX_BYTES, when the multipart images and audio routes are served. */
  mediaMaxBytes?: number;
}

/**
 * The error for a request whose Content-Length already says its body is over the limit for its route, or undefined.
 * Decided on the headers alone, so the answer can go out before any of the body is read. Multipart model calls
 * (images and audio uploads) are held to SLUICE_MEDIA_MAX_BYTES rather than the body limit.
 */
export function declaredOversize(request: IncomingMessage, limits: BodyLimits): PayloadTooLargeError | undefined {
  const declared = request.headers['content-length'];
  if (declared === undefined) return undefined;
  const length = Number(declared);
  const path = (request.url ?? '').split('?', 1)[0] ?? '';
  const multipartMedia = modelCallRouteAt(request.method ?? '', path)?.body === 'multipart';
  if (limits.mediaMaxBytes !== undefined && multipartMedia) {
    const limit = limits.mediaMaxBytes + MULTIPART_OVERHEAD_BYTES;
    return length > limit ? new PayloadTooLargeError(limits.mediaMaxBytes, 'SLUICE_MEDIA_MAX_BYTES') : undefined;
  }
  const upload = limits.fileMaxBytes !== undefined && request.method === 'POST' && normalisedPath(path) === '/v1/files';
  if (upload) {
    const limit = (limits.fileMaxBytes ?? 0) + MULTIPART_OVERHEAD_BYTES;
    return length > limit ? new PayloadTooLargeError(limits.fileMaxBytes ?? 0, 'SLUICE_FILE_MAX_BYTES') : undefined;
  }
  return length > limits.bodyLimitBytes ? new PayloadTooLargeError(limits.bodyLimitBytes) : undefined;
}

/**
 * A 413 as soon as the Content-Length is over the limit: right after authentication (which reads only headers, so
 * the refusal is logged against the caller's key) and before the body is read; the connection is closed after the
 * answer rather than drained of a body nobody will read.
 */
export function refuseOversizedBody(limits: BodyLimits): RequestHandler {
  return (request, response, next) => {
    const oversize = declaredOversize(request, limits);
    if (oversize === undefined) return next();
    response.setHeader('connection', 'close');
    next(oversize);
  };
}
