import {
  DEFAULT_MODERATION_MODEL,
  GEMINI_METHODS,
  GEMINI_PATH_PREFIX,
  type GeminiMethod,
  geminiCallPathOf,
} from '@sluice/providers';
import type { MediaKind } from '@sluice/queues';
import type { EntryDialect } from '@sluice/routing';

/** The endpoint a call is logged as (the request log's `endpoint`). */
export type LoggedEndpoint = 'chat' | 'embeddings' | 'completions' | 'moderations' | 'rerank' | MediaKind;

/** How a route's body is read: JSON, JSON with its bytes kept (forwarded as they came), or a multipart upload. */
export type BodyReading = 'json' | 'json-keeping-bytes' | 'multipart';

/**
 * What a route's request is: a model call (answered now), a job submission (the model call is the job's `body`, run
 * later), or a token count (calls a model only to count, never charged).
 */
export type RouteKind = 'model-call' | 'job-submission' | 'token-count';

/** One model-call route: how it is read, admitted, logged and answered (docs/http-api.md). */
export interface ModelCallRoute<Name extends string = string> {
  /** The API the route serves; its handler is named by it. */
  name: Name;
  method: 'POST';
  /** The path, or for Gemini's calls `/v1beta/models/{model}:{method}`. */
  path: string;
  /** The dialect its replies and errors are written in, and that routing reads model names in. */
  dialect: EntryDialect;
  body: BodyReading;
  kind: RouteKind;
  /** What it is logged as; a job submission is logged as its job's endpoint, a token count is not logged. */
  endpoint?: LoggedEndpoint;
  /** It generates output tokens, which budgets reserve. */
  generates: boolean;
  /** Its body may name a stored prompt. */
  acceptsPrompt: boolean;
  /** The model a body that names none is routed to. */
  defaultModel?: string;
  /** Images and audio: costed per image, minute or character. */
  media?: MediaKind;
}

const openAI = { method: 'POST', dialect: 'openai', kind: 'model-call', acceptsPrompt: false } as const;
const anthropic = { method: 'POST', dialect: 'anthropic', body: 'json-keeping-bytes', acceptsPrompt: false } as const;
const gemini = { method: 'POST', dialect: 'gemini', body: 'json-keeping-bytes', acceptsPrompt: false } as const;

function media(name: MediaKind, path: string, body: BodyReading) {
  return { ...openAI, name, path, body, endpoint: name, generates: true, media: name } as const;
}

function geminiCall(method: GeminiMethod) {
  const path = `${GEMINI_PATH_PREFIX}models/{model}:${method}`;
  if (method === 'countTokens')
    return { ...gemini, name: method, path, kind: 'token-count', generates: false } as const;
  const embeds = method === 'embedContent' || method === 'batchEmbedContents';
  const endpoint = embeds ? 'embeddings' : 'chat';
  return { ...gemini, name: method, path, kind: 'model-call', endpoint, generates: !embeds } as const;
}

/** Every route that calls a model. Adding one is an entry here and its handler (model-call-handlers.ts). */
export const MODEL_CALL_ROUTES = [
  {
    ...openAI,
    name: 'chat',
    path: '/v1/chat/completions',
    body: 'json-keeping-bytes',
    endpoint: 'chat',
    generates: true,
    acceptsPrompt: true,
  },
  { ...openAI, name: 'embeddings', path: '/v1/embeddings', body: 'json', endpoint: 'embeddings', generates: false },
  {
    ...openAI,
    name: 'completions',
    path: '/v1/completions',
    body: 'json-keeping-bytes',
    endpoint: 'completions',
    generates: true,
  },
  {
    ...openAI,
    name: 'moderations',
    path: '/v1/moderations',
    body: 'json-keeping-bytes',
    endpoint: 'moderations',
    generates: false,
    defaultModel: DEFAULT_MODERATION_MODEL,
  },
  { ...openAI, name: 'rerank', path: '/v1/rerank', body: 'json-keeping-bytes', endpoint: 'rerank', generates: false },
  { ...anthropic, name: 'messages', path: '/v1/messages', kind: 'model-call', endpoint: 'chat', generates: true },
  { ...anthropic, name: 'count_tokens', path: '/v1/messages/count_tokens', kind: 'token-count', generates: false },
  { ...openAI, name: 'responses', path: '/v1/responses', body: 'json', endpoint: 'chat', generates: true },
  { ...openAI, name: 'jobs', path: '/v1/jobs', body: 'json', kind: 'job-submission', generates: true },
  ...GEMINI_METHODS.map(geminiCall),
  media('image_generation', '/v1/images/generations', 'json'),
  media('image_edit', '/v1/images/edits', 'multipart'),
  media('image_variation', '/v1/images/variations', 'multipart'),
  media('speech', '/v1/audio/speech', 'json'),
  media('transcription', '/v1/audio/transcriptions', 'multipart'),
  media('translation', '/v1/audio/translations', 'multipart'),
] as const satisfies readonly ModelCallRoute[];

export type ModelCallRouteName = (typeof MODEL_CALL_ROUTES)[number]['name'];

const BY_PATH: ReadonlyMap<string, ModelCallRoute<ModelCallRouteName>> = new Map(
  MODEL_CALL_ROUTES.map((route) => [route.path.toLowerCase(), route]),
);

/**
 * The route a request is for, matched as express matches paths (case-insensitively, one trailing slash allowed; a
 * Gemini call by its model and method); undefined for anything else, which falls through to the other routes.
 */
export function modelCallRouteAt(method: string, path: string): ModelCallRoute<ModelCallRouteName> | undefined {
  if (method !== 'POST') return undefined;
  const exact = BY_PATH.get(normalisedPath(path));
  if (exact !== undefined || !isGeminiPath(path)) return exact;
  const call = geminiCallPathOf(path);
  return call && BY_PATH.get(`${GEMINI_PATH_PREFIX}models/{model}:${call.method}`.toLowerCase());
}

/**
 * The dialect errors on a path are answered in, whatever the method: its route's, Gemini's anywhere under its prefix
 * (an unknown method is a 404 in Gemini's shape), OpenAI's for every other path.
 */
export function errorDialectAt(path: string): EntryDialect {
  const route = BY_PATH.get(normalisedPath(path));
  if (route) return route.dialect;
  return isGeminiPath(path) ? 'gemini' : 'openai';
}

function isGeminiPath(path: string): boolean {
  return path.toLowerCase().startsWith(GEMINI_PATH_PREFIX);
}

/** A path as the table keys it: lower case, one trailing slash dropped. */
export function normalisedPath(path: string): string {
  const lower = path.toLowerCase();
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

/** The route of the model call a job submission carries: embeddings when its `endpoint` says so, else chat. */
export function jobCallRoute(endpoint: unknown): ModelCallRoute<ModelCallRouteName> {
  const route = BY_PATH.get(endpoint === '/v1/embeddings' ? '/v1/embeddings' : '/v1/chat/completions');
  if (route === undefined) throw new Error('the route table lost its chat or embeddings entry');
  return route;
}
