import type { SyncDispatcher } from '@sluice/dispatch';
import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { RerankRequestSchema } from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import { answerForwarded } from '../answer-forwarded';
import type { ServeCall } from '../governance/admission/admission';
import { rawBodyText } from '../raw-body';

/**
 * POST /v1/rerank in the Cohere/Jina body shape (`model`, `query`, `documents`, `top_n`, `return_documents`):
 * forwarded as it came to the accounts with `rerank: true` its plan routes to, priced per search (docs/http-api.md).
 */
export function rerankRoute(dispatcher: SyncDispatcher, cancels: CancelPublisher): ServeCall {
  return async (request, response, admission) => {
    const parsed = RerankRequestSchema.safeParse(request.body);
    if (!parsed.success) throw InvalidRequestError.fromProblems('rerank request', zodProblems(parsed.error.issues));
    const { model } = parsed.data;
    return answerForwarded(
      request,
      response,
      {
        operation: 'rerank',
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
