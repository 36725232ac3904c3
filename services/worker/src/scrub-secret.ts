import { UpstreamError } from '@sluice/errors';

/** Removes a provider key from an upstream error's message: some providers echo the key they rejected. */
export function scrubSecret(error: UpstreamError, secret: string | undefined): UpstreamError {
  if (secret === undefined || secret.length < 4 || !error.message.includes(secret)) return error;
  return new UpstreamError({
    message: error.message.split(secret).join('[redacted]'),
    kind: error.kind,
    status: error.status,
    code: error.code,
    type: error.upstreamType,
    param: error.param,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
  });
}
