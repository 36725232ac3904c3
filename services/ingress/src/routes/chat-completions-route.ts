import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { ChatCompletionRequestSchema } from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import type { RequestHandler } from 'express';
import { answerChat } from '../answer-chat';
import { openAIReplyFormat } from '../reply-format';
import type { SyncDispatcher } from '../sync-dispatcher';

/** POST /v1/chat/completions: OpenAI-compatible, streamed or not. */
export function chatCompletionsRoute(dispatcher: SyncDispatcher, cancels: CancelPublisher): RequestHandler {
  return async (request, response) => {
    const parsed = ChatCompletionRequestSchema.safeParse(request.body);
    if (!parsed.success)
      throw InvalidRequestError.fromProblems('chat completion request', zodProblems(parsed.error.issues));
    await answerChat(request, response, parsed.data, { dispatcher, cancels, format: openAIReplyFormat });
  };
}
