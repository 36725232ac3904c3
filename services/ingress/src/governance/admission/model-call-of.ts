import { DEFAULT_MODERATION_MODEL } from '@sluice/providers';
import { MEDIA_KINDS, type MediaKind } from '@sluice/queues';
import type { Request } from 'express';
import { geminiCallPathOf } from '../../gemini-call-path';
import { MODEL_CALL_ENDPOINTS, type ModelCallRoute } from '../../model-call-route';

/** The body of a request that calls a model, and whether it may use a stored prompt. */
export interface ModelCall {
  body: Record<string, unknown>;
  acceptsPrompt: boolean;
  /** An async job's call (`POST /v1/jobs`), which may wait in its queue far longer than a sync request. */
  async: boolean;
  /** The call generates output (every model call but embeddings), which budgets reserve. */
  generates: boolean;
  /** An images or audio call, whose cost is estimated per image or character rather than per token. */
  media?: MediaKind;
}

/** Model calls that generate no output tokens, which budgets need not reserve. */
const NON_GENERATING: ReadonlySet<ModelCallRoute['endpoint']> = new Set(['embeddings', 'moderations', 'rerank']);
const MEDIA: ReadonlySet<string> = new Set(MEDIA_KINDS);

/** The images and audio endpoints (a multipart upload's body is its form fields, once read). */
function isMedia(endpoint: ModelCallRoute['endpoint']): endpoint is MediaKind {
  return MEDIA.has(endpoint);
}
const JOBS_PATH = '/v1/jobs';
const CHAT_ENDPOINT = '/v1/chat/completions';

/**
 * Finds the model call in a /v1 POST: the body itself, or for `POST /v1/jobs` the job's `body`; for Gemini's
 * `/v1beta/models/{model}:{method}`, a view of the body with the path's model (docs/gemini-api.md). Anything else
 * (files, batches, cancels, reads, token counts) calls no model now and is not charged here.
 */
export function modelCallOf(request: Request): ModelCall | undefined {
  if (request.method !== 'POST') return undefined;
  const path = `${request.baseUrl}${request.path}`.toLowerCase().replace(/\/+$/, '');
  const body = asRecord(request.body);
  if (!body) return undefined;
  if (path === JOBS_PATH) {
    const inner = asRecord(body.body);
    if (!inner) return undefined;
    const chat = body.endpoint === undefined || body.endpoint === CHAT_ENDPOINT;
    return { body: inner, acceptsPrompt: chat, async: true, generates: chat };
  }
  const gemini = geminiCallPathOf(`${request.baseUrl}${request.path}`);
  if (gemini) return geminiModelCall(gemini.model, gemini.method, body);
  const endpoint = MODEL_CALL_ENDPOINTS.get(path);
  if (endpoint === undefined) return undefined;
  if (isMedia(endpoint)) return { body, acceptsPrompt: false, async: false, generates: true, media: endpoint };
  const moderatedByDefault = path === '/v1/moderations' && body.model === undefined;
  return {
    body: moderatedByDefault ? { ...body, model: DEFAULT_MODERATION_MODEL } : body,
    acceptsPrompt: path === '/v1/chat/completions',
    async: false,
    generates: !NON_GENERATING.has(endpoint),
  };
}

/**
 * A Gemini call as the fields budgets and limits read: the model its path names, its turns, system instruction and
 * tools as the prompt, `maxOutputTokens` and `candidateCount` as the output it allows. The body is referenced, not
 * copied.
 */
function geminiModelCall(model: string, method: string, body: Record<string, unknown>): ModelCall | undefined {
  if (method === 'countTokens') return undefined;
  if (method === 'embedContent' || method === 'batchEmbedContents')
    return { body: { model, input: body }, acceptsPrompt: false, async: false, generates: false };
  const config = asRecord(body.generationConfig);
  const view = {
    model,
    messages: Array.isArray(body.contents) ? body.contents : [],
    system: body.systemInstruction,
    tools: body.tools,
    max_tokens: config?.maxOutputTokens,
    n: config?.candidateCount,
  };
  return { body: view, acceptsPrompt: false, async: false, generates: true };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
