import { geminiCallPathOf } from '@sluice/providers';
import type { Request } from 'express';
import { jobCallRoute, type LoggedEndpoint, modelCallRouteAt } from './model-call-routes';

/** A request on a route that calls a model: how it would have been served, and the model its body names. */
export interface LoggedCall {
  mode: 'sync' | 'async';
  endpoint: LoggedEndpoint;
  /** The body's `model` (the job's `body.model` for /v1/jobs), cut to MAX_MODEL_NAME; '' when there is none. */
  requestedModel: string;
}

/** The longest model name admission accepts; a longer one is logged cut to this. */
const MAX_MODEL_NAME = 256;

/** The call a request on a model-call route makes, as the request log records it; undefined for other requests. */
export function loggedCallOf(request: Request): LoggedCall | undefined {
  const route = modelCallRouteAt(request.method, request.path);
  if (route === undefined) return undefined;
  const body = asRecord(request.body);
  if (route.kind === 'job-submission') {
    const endpoint = jobCallRoute(body?.endpoint).endpoint ?? 'chat';
    return { mode: 'async', endpoint, requestedModel: modelOf(asRecord(body?.body)) };
  }
  if (route.endpoint === undefined) return undefined;
  const model = route.dialect === 'gemini' ? (geminiCallPathOf(request.path)?.model ?? '') : modelOf(body);
  return { mode: 'sync', endpoint: route.endpoint, requestedModel: model };
}

function modelOf(body: Record<string, unknown> | undefined): string {
  return typeof body?.model === 'string' ? body.model.slice(0, MAX_MODEL_NAME) : '';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
