import { UpstreamError, zodProblems } from '@sluice/errors';
import type { z } from 'zod';

function unreadable(provider: string, detail: string, cause?: unknown): UpstreamError {
  return new UpstreamError({
    message: `The ${provider} provider answered with a body Sluice cannot read: ${detail}`,
    kind: 'status',
    status: 502,
    code: 'upstream_invalid_response',
    retryable: false,
    cause,
  });
}

/** Validates a provider's answer; a mismatch is a 502 naming the fields that did not fit. */
export function parseUpstreamBody<T>(schema: z.ZodType<T>, body: unknown, provider: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = zodProblems(result.error.issues)
    .slice(0, 5)
    .map((problem) => `${problem.path || '(root)'}: ${problem.message}`)
    .join('; ');
  throw unreadable(provider, problems, result.error);
}

/** JSON.parse of one streamed event's data; unparseable text is a 502. */
export function parseUpstreamJson(text: string, provider: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw unreadable(provider, `event data is not JSON (${text.slice(0, 80)})`, error);
  }
}
