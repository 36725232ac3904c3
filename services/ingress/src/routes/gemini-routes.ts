import type { SyncDispatcher, SyncSubmission } from '@sluice/dispatch';
import { InvalidRequestError } from '@sluice/errors';
import {
  type ChatCompletionRequest,
  type GeminiCallPath,
  type GeminiEmbedMethod,
  geminiCallPathOf,
  geminiEmbedFormat,
  geminiGenerateFormat,
  geminiPromptText,
  translateGeminiEmbedRequest,
  translateGeminiGenerateRequest,
} from '@sluice/providers';
import type { CancelPublisher, NativeCall } from '@sluice/queues';
import { estimatePromptTokens } from '@sluice/request-log';
import { lazyTranslation, type NativeSubmission, requestFactsOf } from '@sluice/routing';
import type { Request, Response } from 'express';
import { answerChat } from '../answer-chat';
import type { Admission, ServeCall, Served } from '../governance/admission/admission';
import { rawBodyText } from '../raw-body';
import { readRequestContext } from '../read-request-context';
import { sendSyncReply } from '../send-sync-reply';

interface GeminiRouteDependencies {
  dispatcher: SyncDispatcher;
  cancels: CancelPublisher;
}

/**
 * `POST /v1beta/models/{model}:{method}`: the Gemini API as an entry point (docs/gemini-api.md). Gemini accounts get
 * the request as it came — body bytes, the model and method of its path — and their answer goes back as they sent it;
 * other providers get its canonical (OpenAI-format) translation, answered in Gemini's format. Sluice reads only the
 * path, and of the body what routing, budgets and the log need.
 */
export function geminiRoute(dependencies: GeminiRouteDependencies): ServeCall {
  return async (request, response, admission) => {
    const call = geminiCallPathOf(request.path);
    if (!call) throw new Error(`the route table sent ${request.path}, which is no Gemini call, to the Gemini route`);
    const body = request.body as unknown;
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw new InvalidRequestError('The request body must be a JSON object.', { code: 'invalid_json' });
    const record = body as Record<string, unknown>;
    const routed = { request, response, admission };
    if (call.method === 'countTokens') return countTokens(routed, call, record, dependencies);
    if (call.method === 'embedContent' || call.method === 'batchEmbedContents')
      return embed(routed, { model: call.model, method: call.method }, dependencies);
    return generate(routed, call, record, dependencies);
  };
}

/** The request being answered, and its admission. */
interface RoutedCall {
  request: Request;
  response: Response;
  admission: Admission;
}

/** The request as it came, for Gemini accounts. */
function nativeCallOf(request: Request, call: GeminiCallPath): NativeCall {
  return {
    dialect: 'gemini',
    method: call.method,
    body: rawBodyText(request),
    headers: {},
    query: '',
    loggedAsSent: false,
  };
}

/** The log records the dialect and the path the call came in on. */
function logPropertiesOf(request: Request): Record<string, string> {
  return { dialect: 'gemini', path: request.path };
}

/** An embeddings or token-count call as routing sees it: the path's model, and the request's context and log. */
function routedByModel(
  { request, admission }: RoutedCall,
  call: { model: string },
  kind: 'embeddings' | 'count_tokens',
): SyncSubmission {
  const read = readRequestContext(request, call.model, admission);
  const context = { ...read, properties: { ...read.properties, ...logPropertiesOf(request) } };
  const envelope = { model: call.model };
  return {
    kind,
    body: envelope,
    stream: false,
    context,
    configHeader: admission.configHeader,
    resolved: admission.resolved,
    facts: requestFactsOf(envelope, context),
    dialect: 'gemini',
  };
}

async function generate(
  { request, response, admission }: RoutedCall,
  call: GeminiCallPath,
  body: Record<string, unknown>,
  dependencies: GeminiRouteDependencies,
): Promise<Served> {
  const stream = call.method === 'streamGenerateContent';
  if (stream && new URLSearchParams(request.originalUrl.split('?')[1] ?? '').get('alt') !== 'sse')
    throw new InvalidRequestError('streamGenerateContent is served as server-sent events only: add ?alt=sse.', {
      param: 'alt',
    });
  const generationConfig = (body.generationConfig ?? {}) as Record<string, unknown>;
  const envelope = { model: call.model, max_tokens: generationConfig.maxOutputTokens, stream };
  const native: NativeSubmission = {
    call: nativeCallOf(request, call),
    parsed: envelope,
    translate: lazyTranslation(() => {
      const translated = translateGeminiGenerateRequest(body, call.model, stream);
      return { body: translated.request, omitted: translated.omitted };
    }),
  };
  // Routing reads the facts of the body as sent: the turns' parts carry their text as chat content parts do.
  const turns = Array.isArray(body.contents) ? (body.contents as { parts?: unknown }[]) : [];
  const routed = { ...generationConfig, ...envelope, messages: turns.map((turn) => ({ content: turn?.parts })) };
  return answerChat(request, response, routed as unknown as ChatCompletionRequest, {
    dispatcher: dependencies.dispatcher,
    cancels: dependencies.cancels,
    admission,
    format: geminiGenerateFormat(call.model),
    dialect: 'gemini',
    native,
    logProperties: logPropertiesOf(request),
  });
}

async function embed(
  routedCall: RoutedCall,
  call: { model: string; method: GeminiEmbedMethod },
  dependencies: GeminiRouteDependencies,
): Promise<Served> {
  const { request, response } = routedCall;
  const native: NativeSubmission = {
    call: nativeCallOf(request, { model: call.model, method: call.method }),
    parsed: { model: call.model },
    translate: lazyTranslation(() => ({
      body: translateGeminiEmbedRequest(request.body, call.model, call.method),
      omitted: [],
    })),
  };
  const submitted = await dependencies.dispatcher.submit(routedByModel(routedCall, call, 'embeddings'), native);
  await sendSyncReply(response, { submitted, format: geminiEmbedFormat(call.method), cancels: dependencies.cancels });
  return 'enqueued';
}

/**
 * `:countTokens`: forwarded as it came when the request's route starts at a Gemini account, whose answer is relayed;
 * otherwise estimated here (estimatePromptTokens).
 */
async function countTokens(
  routedCall: RoutedCall,
  call: GeminiCallPath,
  body: Record<string, unknown>,
  dependencies: GeminiRouteDependencies,
): Promise<Served> {
  const { request, response } = routedCall;
  const submitted = await dependencies.dispatcher.submitTokenCount(routedByModel(routedCall, call, 'count_tokens'), {
    ...nativeCallOf(request, call),
    loggedAsSent: true,
  });
  if (submitted) {
    try {
      // Only the format's errors are used: the account's count is relayed as it came.
      await sendSyncReply(response, {
        submitted,
        format: geminiGenerateFormat(call.model),
        cancels: dependencies.cancels,
      });
    } finally {
      submitted.inbox.close();
    }
    return 'enqueued';
  }
  const totalTokens = await estimatePromptTokens(geminiPromptText(body), call.model);
  response.setHeader('x-sluice-token-count', 'estimated');
  response.json({ totalTokens });
  return 'answered';
}
