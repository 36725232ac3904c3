import type { MediaKind } from '@sluice/queues';
import type { Request } from 'express';
import { geminiCallPathOf } from './gemini-call-path';

/** A request on a route that calls a model: how it would have been served, and the model its body names. */
export interface ModelCallRoute {
  mode: 'sync' | 'async';
  endpoint: 'chat' | 'embeddings' | 'completions' | 'moderations' | 'rerank' | MediaKind;
  /** The body's `model` (the job's `body.model` for /v1/jobs), cut to MAX_MODEL_NAME; '' when there is none. */
  requestedModel: string;
}

/** The longest model name admission accepts; a longer one is logged cut to this. */
const MAX_MODEL_NAME = 256;
const JOBS_PATH = '/v1/jobs';
/** Every path whose POST body is itself a model call, and the endpoint it is logged as (admission reads it too). */
export const MODEL_CALL_ENDPOINTS: ReadonlyMap<string, ModelCallRoute['endpoint']> = new Map<
  string,
  ModelCallRoute['endpoint']
>([
  ['/v1/chat/completions', 'chat'],
  ['/v1/messages', 'chat'],
  ['/v1/responses', 'chat'],
  ['/v1/embeddings', 'embeddings'],
  ['/v1/completions', 'completions'],
  ['/v1/moderations', 'moderations'],
  ['/v1/rerank', 'rerank'],
  ['/v1/images/generations', 'image_generation'],
  ['/v1/images/edits', 'image_edit'],
  ['/v1/images/variations', 'image_variation'],
  ['/v1/audio/speech', 'speech'],
  ['/v1/audio/transcriptions', 'transcription'],
  ['/v1/audio/translations', 'translation'],
]);

/**
 * `POST /v1/chat/completions`, `/v1/messages`, `/v1/responses`, `/v1/embeddings`, `/v1/completions`,
 * `/v1/moderations`, `/v1/rerank`, the images and audio routes, `/v1/jobs` and Gemini's
 * `/v1beta/models/{model}:{method}` (but its token count), matched as express routes them.
 */
export function modelCallRouteOf(request: Request): ModelCallRoute | undefined {
  if (request.method !== 'POST') return undefined;
  const path = request.path.toLowerCase().replace(/\/+$/, '');
  const body = asRecord(request.body);
  if (path === JOBS_PATH) {
    const endpoint = body?.endpoint === '/v1/embeddings' ? 'embeddings' : 'chat';
    return { mode: 'async', endpoint, requestedModel: modelOf(asRecord(body?.body)) };
  }
  const gemini = geminiCallPathOf(request.path);
  if (gemini) return geminiCallRoute(gemini.model, gemini.method);
  const endpoint = MODEL_CALL_ENDPOINTS.get(path);
  return endpoint && { mode: 'sync', endpoint, requestedModel: modelOf(body) };
}

function geminiCallRoute(model: string, method: string): ModelCallRoute | undefined {
  if (method === 'countTokens') return undefined;
  const endpoint = method === 'embedContent' || method === 'batchEmbedContents' ? 'embeddings' : 'chat';
  return { mode: 'sync', endpoint, requestedModel: model };
}

function modelOf(body: Record<string, unknown> | undefined): string {
  return typeof body?.model === 'string' ? body.model.slice(0, MAX_MODEL_NAME) : '';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
