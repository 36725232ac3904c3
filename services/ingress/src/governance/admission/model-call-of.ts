import { DEFAULT_MODERATION_MODEL } from '@sluice/providers';
import type { MediaKind } from '@sluice/queues';
import type { Request } from 'express';
import { geminiCallPathOf } from '../../gemini-call-path';

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

/** Paths whose body is itself a model call. */
const MODEL_CALL_PATHS = new Set([
  '/v1/chat/completions',
  '/v1/embeddings',
  '/v1/messages',
  '/v1/completions',
  '/v1/responses',
  '/v1/moderations',
  '/v1/rerank',
]);
/** Model calls that generate no output tokens, which budgets need not reserve. */
const NON_GENERATING_PATHS = new Set(['/v1/embeddings', '/v1/moderations', '/v1/rerank']);
/** The images and audio paths (a multipart upload's body is its form fields, once read). */
const MEDIA_PATHS = new Map<string, MediaKind>([
  ['/v1/images/generations', 'image_generation'],
  ['/v1/images/edits', 'image_edit'],
  ['/v1/images/variations', 'image_variation'],
  ['/v1/audio/speech', 'speech'],
  ['/v1/audio/transcriptions', 'transcription'],
  ['/v1/audio/translations', 'translation'],
]);
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
  const media = MEDIA_PATHS.get(path);
  if (media) return { body, acceptsPrompt: false, async: false, generates: true, media };
  if (!MODEL_CALL_PATHS.has(path)) return undefined;
  const moderatedByDefault = path === '/v1/moderations' && body.model === undefined;
  return {
    body: moderatedByDefault ? { ...body, model: DEFAULT_MODERATION_MODEL } : body,
    acceptsPrompt: path === '/v1/chat/completions',
    async: false,
    generates: !NON_GENERATING_PATHS.has(path),
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
