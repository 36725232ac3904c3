import type { SyncDispatcher } from '@sluice/dispatch';
import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { CompletionsEnvelopeSchema, completionsReplyFormat, completionsToChatRequest } from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import { answerForwarded } from '../answer-forwarded';
import type { ServeCall } from '../governance/admission/admission';
import { rawBodyText } from '../raw-body';

/**
 * POST /v1/completions, OpenAI's legacy completions, streamed or not (docs/http-api.md): OpenAI-compatible and Azure
 * OpenAI accounts get the request as it came; Anthropic and Gemini accounts its chat translation, answered back in
 * the completions shape.
 */
export function completionsRoute(dispatcher: SyncDispatcher, cancels: CancelPublisher): ServeCall {
  return async (request, response, admission) => {
    const parsed = CompletionsEnvelopeSchema.safeParse(request.body);
    if (!parsed.success)
      throw InvalidRequestError.fromProblems('completions request', zodProblems(parsed.error.issues));
    const { model, stream, stream_options } = parsed.data;
    return answerForwarded(
      request,
      response,
      {
        operation: 'completions',
        bodyText: rawBodyText(request),
        envelope: stream_options === undefined ? { model, stream } : { model, stream, stream_options },
        toChat: () => completionsToChatRequest(request.body),
        requestedModel: model,
        stream: stream === true,
      },
      admission,
      { dispatcher, cancels, format: completionsReplyFormat },
    );
  };
}
