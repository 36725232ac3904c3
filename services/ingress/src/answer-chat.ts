import type { SyncDispatcher } from '@sluice/dispatch';
import type { ChatCompletionRequest, ReplyFormat } from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import type { NativeSubmission } from '@sluice/routing';
import { type EntryDialect, requestFactsOf } from '@sluice/routing';
import { cacheHeadersOf } from '@sluice/semantic-cache';
import type { Request, Response } from 'express';
import { sendCachedReply } from './cache/send-cached-reply';
import type { Admission, Served } from './governance/admission/admission';
import { readRequestContext } from './read-request-context';
import { sendSyncReply } from './send-sync-reply';

export interface ChatAnswerOptions {
  dispatcher: SyncDispatcher;
  /** The call's admission: its routing config, resolved once, and what the log records of it. */
  admission: Admission;
  cancels: CancelPublisher;
  /** The route's dialect (OpenAI's, Anthropic's). */
  format: ReplyFormat;
  /** Properties the route adds to the request log (Responses: `omitted_tools`). */
  logProperties?: Record<string, string>;
  /**
   * A Responses API request as the client sent it, which accounts serving Responses natively receive. Its translated
   * stream comes as the Responses writer reads it: text-only chunks as text literals (ProviderJob `responses`).
   */
  responsesBody?: Record<string, unknown>;
  /** Anthropic's for `/v1/messages`: routing then knows a `claude-*` name (docs/anthropic-messages.md). */
  dialect?: EntryDialect;
  /** A `/v1/messages` request as it came, forwarded to Anthropic targets. */
  native?: NativeSubmission;
  /** The request depends on state a server keeps (Responses: `previous_response_id`): the cache is off for it. */
  uncacheable?: boolean;
  /**
   * `body` as JSON text: the text it was parsed from when nothing has rewritten it, or a translation's serialised once
   * (ChatSubmission `bodyText`).
   */
  bodyText?: string | undefined;
  /** `format` writes OpenAI chat events as they come: a stream may be relayed as SSE text (ProviderJob `openAIEvents`). */
  openAIEvents?: true;
}

/**
 * What every chat entry point does with a validated, canonical (OpenAI-format) request: answer it from the
 * response cache when it may and can, otherwise enqueue it and relay the provider's reply.
 */
export async function answerChat(
  request: Request,
  response: Response,
  body: ChatCompletionRequest,
  options: ChatAnswerOptions,
): Promise<Served> {
  const { admission } = options;
  const read = readRequestContext(request, body.model, admission);
  const context = options.logProperties
    ? { ...read, properties: { ...read.properties, ...options.logProperties } }
    : read;
  const dispatched = await options.dispatcher.dispatch({
    kind: 'chat',
    body,
    stream: body.stream === true,
    context,
    configHeader: admission.configHeader,
    resolved: admission.resolved,
    facts: requestFactsOf(body, context),
    cacheHeaders: options.uncacheable
      ? { ...cacheHeadersOf(request.headers), 'x-sluice-cache': 'off' }
      : cacheHeadersOf(request.headers),
    ...(options.responsesBody ? { responses: { body: options.responsesBody, textLiterals: true as const } } : {}),
    ...(options.dialect ? { dialect: options.dialect } : {}),
    ...(options.native ? { native: options.native } : {}),
    ...(options.bodyText === undefined ? {} : { bodyText: options.bodyText }),
    ...(options.openAIEvents ? { openAIEvents: true as const } : {}),
  });
  if (dispatched.omitted && dispatched.omitted.length > 0)
    response.setHeader('x-sluice-omitted-fields', dispatched.omitted.join(', '));
  if (dispatched.kind === 'cached') {
    await sendCachedReply(response, dispatched.answer, options.format);
    dispatched.cache.served(dispatched.answer);
    return 'answered';
  }
  try {
    await sendSyncReply(response, { submitted: dispatched, format: options.format, cancels: options.cancels });
  } finally {
    dispatched.inbox.close();
    dispatched.cache?.settle(response.statusCode < 400);
  }
  return 'enqueued';
}
