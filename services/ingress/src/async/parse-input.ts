import { InvalidRequestError, zodProblems } from '@sluice/errors';
import type { Request } from 'express';
import type { z } from 'zod';

/** Validates a body or query against its schema; every bad field is named in one 400. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, subject: string): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw InvalidRequestError.fromProblems(subject, zodProblems(parsed.error.issues));
  return parsed.data;
}

/** The Idempotency-Key header, when sent (SPEC §5: POST /v1/jobs and POST /v1/batches). */
export function idempotencyKeyOf(request: Request): string | undefined {
  const value = request.headers['idempotency-key'];
  const key = Array.isArray(value) ? value[0] : value;
  if (key === undefined || key.trim() === '') return undefined;
  if (key.length > 255)
    throw new InvalidRequestError('Idempotency-Key must be at most 255 characters', { param: 'Idempotency-Key' });
  return key;
}
