import type { SyncDispatcher } from '@sluice/dispatch';
import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { DEFAULT_MODERATION_MODEL, ModerationsRequestSchema } from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import { answerForwarded } from '../answer-forwarded';
import type { ServeCall } from '../governance/admission/admission';
import { rawBodyText } from '../raw-body';

/** POST /v1/moderations: forwarded as it came to the OpenAI-compatible accounts its plan routes to (docs/http-api.md). */
export function moderationsRoute(dispatcher: SyncDispatcher, cancels: CancelPublisher): ServeCall {
  return async (request, response, admission) => {
    const parsed = ModerationsRequestSchema.safeParse(request.body);
    if (!parsed.success)
      throw InvalidRequestError.fromProblems('moderations request', zodProblems(parsed.error.issues));
    const model = parsed.data.model ?? DEFAULT_MODERATION_MODEL;
    return answerForwarded(
      request,
      response,
      {
        operation: 'moderations',
        bodyText: rawBodyText(request),
        envelope: { model },
        requestedModel: model,
        stream: false,
      },
      admission,
      { dispatcher, cancels },
    );
  };
}
