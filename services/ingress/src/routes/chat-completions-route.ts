import type { SyncDispatcher } from '@sluice/dispatch';
import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { ChatCompletionRequestSchema, openAIReplyFormat } from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import { answerChat } from '../answer-chat';
import type { ServeCall } from '../governance/admission/admission';
import { rawBodyText } from '../raw-body';

/**
 * POST /v1/chat/completions: OpenAI-compatible, streamed or not. Unless a stored prompt was rendered into it, the
 * body's text travels as the client sent it (ProviderJob `bodyText`): the schema only checks, so its text parsed is
 * the canonical request.
 */
export function chatCompletionsRoute(dispatcher: SyncDispatcher, cancels: CancelPublisher): ServeCall {
  return async (request, response, admission) => {
    const parsed = ChatCompletionRequestSchema.safeParse(request.body);
    if (!parsed.success)
      throw InvalidRequestError.fromProblems('chat completion request', zodProblems(parsed.error.issues));
    const text = rawBodyText(request);
    return answerChat(request, response, parsed.data, {
      dispatcher,
      cancels,
      admission,
      format: openAIReplyFormat,
      openAIEvents: true,
      bodyText: admission.logged.promptId === undefined && text !== '' ? text : undefined,
    });
  };
}
