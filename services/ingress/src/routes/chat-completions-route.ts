import type { SyncDispatcher } from '@sluice/dispatch';
import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { ChatCompletionRequestSchema, openAIReplyFormat } from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import { answerChat } from '../answer-chat';
import type { ServeCall } from '../governance/admission/admission';

/** POST /v1/chat/completions: OpenAI-compatible, streamed or not. */
export function chatCompletionsRoute(dispatcher: SyncDispatcher, cancels: CancelPublisher): ServeCall {
  return async (request, response, admission) => {
    const parsed = ChatCompletionRequestSchema.safeParse(request.body);
    if (!parsed.success)
      throw InvalidRequestError.fromProblems('chat completion request', zodProblems(parsed.error.issues));
    return answerChat(request, response, parsed.data, { dispatcher, cancels, admission, format: openAIReplyFormat });
  };
}
