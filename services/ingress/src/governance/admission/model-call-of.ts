import type { ModelCall } from '@sluice/governance';
import { geminiCallPathOf, geminiUsageView } from '@sluice/providers';
import type { Request } from 'express';
import { jobCallRoute, type ModelCallRoute } from '../../model-call-routes';

/**
 * Finds the model call in a request on a model-call route: the body itself, or for a job submission the job's `body`;
 * for Gemini's calls, a view of the body with the path's model (docs/gemini-api.md). Undefined when the body is no
 * JSON object (the route refuses it).
 */
export function modelCallOf(route: ModelCallRoute, request: Request): ModelCall | undefined {
  const path = `${request.baseUrl}${request.path}`;
  const body = asRecord(request.body);
  if (!body) return undefined;
  if (route.kind === 'job-submission') {
    const inner = asRecord(body.body);
    const call = jobCallRoute(body.endpoint);
    return inner && { body: inner, acceptsPrompt: call.acceptsPrompt, async: true, generates: call.generates };
  }
  if (route.dialect === 'gemini') {
    const model = geminiCallPathOf(path)?.model ?? '';
    if (!route.generates) return callOf(route, { model, input: body });
    return { body: geminiUsageView(model, body), acceptsPrompt: false, async: false, generates: true };
  }
  const named = route.defaultModel !== undefined && body.model === undefined;
  return callOf(route, named ? { ...body, model: route.defaultModel } : body);
}

function callOf(route: ModelCallRoute, body: Record<string, unknown>): ModelCall {
  const call: ModelCall = { body, acceptsPrompt: route.acceptsPrompt, async: false, generates: route.generates };
  if (route.media) call.media = route.media;
  if (route.kind === 'token-count') call.counts = true;
  return call;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
