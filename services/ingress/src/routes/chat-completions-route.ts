import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { ChatCompletionRequestSchema } from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import type { RequestHandler } from 'express';
import { configHeader, readRequestContext } from '../read-request-context';
import { openAIReplyFormat } from '../reply-format';
import { requestFactsOf } from '../request-facts-of';
import { sendSyncReply } from '../send-sync-reply';
import type { SyncDispatcher } from '../sync-dispatcher';

/** POST /v1/chat/completions: OpenAI-compatible, streamed or not. */
export function chatCompletionsRoute(dispatcher: SyncDispatcher, cancels: CancelPublisher): RequestHandler {
  return async (request, response) => {
    const parsed = ChatCompletionRequestSchema.safeParse(request.body);
    if (!parsed.success) throw InvalidRequestError.fromProblems('chat completion request', zodProblems(parsed.error.issues));
    const body = parsed.data;
    const context = readRequestContext(request, body.model);
    const submitted = await dispatcher.submit({
      kind: 'chat',
      body,
      stream: body.stream === true,
      context,
      configHeader: configHeader(request),
      facts: requestFactsOf(body, context),
    });
    await sendSyncReply(response, { submitted, format: openAIReplyFormat, cancels });
  };
}
