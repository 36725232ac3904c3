import { InvalidRequestError, zodProblems } from '@sluice/errors';
import type { z } from 'zod';

/** Validates a body or query against its schema (an absent body is an empty one); every bad field is named in one 400. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, subject: string): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw InvalidRequestError.fromProblems(subject, zodProblems(parsed.error.issues));
  return parsed.data;
}
