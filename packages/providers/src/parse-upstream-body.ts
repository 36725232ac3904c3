import { UpstreamInvalidResponseError, zodProblems } from '@sluice/errors';
import type { z } from 'zod';

/**
 * Validates a provider's answer, or one streamed event of it; a mismatch is a 502 `upstream_invalid_response`
 * naming the fields that did not fit (docs/tenancy-and-upstream-validation.md).
 */
export function parseUpstreamBody<Schema extends z.ZodType>(
  schema: Schema,
  body: unknown,
  provider: string,
): z.output<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = zodProblems(result.error.issues)
    .slice(0, 5)
    .map((problem) => `${problem.path || '(root)'}: ${problem.message}`)
    .join('; ');
  throw new UpstreamInvalidResponseError(provider, problems, result.error);
}

/** JSON.parse of an answer or of one streamed event's data; unparseable text is a 502 `upstream_invalid_response`. */
export function parseUpstreamJson(text: string, provider: string, what = 'event data'): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UpstreamInvalidResponseError(provider, `${what} is not JSON (${text.slice(0, 80)})`, error);
  }
}
