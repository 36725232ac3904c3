import type { Request } from 'express';

/** The body of a request that calls a model, and whether it may use a stored prompt. */
export interface ModelCall {
  body: Record<string, unknown>;
  acceptsPrompt: boolean;
}

/** Paths under /v1 whose body is itself a model call. */
const MODEL_CALL_PATHS = new Set(['/chat/completions', '/embeddings', '/messages', '/completions', '/responses']);
const JOBS_PATH = '/jobs';
const CHAT_ENDPOINT = '/v1/chat/completions';

/**
 * Finds the model call in a /v1 POST: the body itself, or for `POST /v1/jobs` the job's `body`. Anything else
 * (files, batches, cancels, reads) calls no model now and is not charged here.
 */
export function modelCallOf(request: Request): ModelCall | undefined {
  if (request.method !== 'POST') return undefined;
  const path = request.path.toLowerCase().replace(/\/+$/, '');
  const body = asRecord(request.body);
  if (!body) return undefined;
  if (path === JOBS_PATH) {
    const inner = asRecord(body.body);
    if (!inner) return undefined;
    return { body: inner, acceptsPrompt: body.endpoint === undefined || body.endpoint === CHAT_ENDPOINT };
  }
  if (!MODEL_CALL_PATHS.has(path)) return undefined;
  return { body, acceptsPrompt: path === '/chat/completions' };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
