import { InvalidRequestError } from '@sluice/errors';
import type { Request } from 'express';

/** The Idempotency-Key header, when sent (SPEC §5: POST /v1/jobs and POST /v1/batches). */
export function idempotencyKeyOf(request: Request): string | undefined {
  const value = request.headers['idempotency-key'];
  const key = Array.isArray(value) ? value[0] : value;
  if (key === undefined || key.trim() === '') return undefined;
  if (key.length > 255)
    throw new InvalidRequestError('Idempotency-Key must be at most 255 characters', { param: 'Idempotency-Key' });
  return key;
}
