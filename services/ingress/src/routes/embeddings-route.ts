import type { SyncDispatcher } from '@sluice/dispatch';
import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { EmbeddingsRequestSchema, openAIReplyFormat } from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import { requestFactsOf } from '@sluice/routing';
import type { ServeCall } from '../governance/admission/admission';
import { readRequestContext } from '../read-request-context';
import { sendSyncReply } from '../send-sync-reply';

/** POST /v1/embeddings: OpenAI-compatible. */
export function embeddingsRoute(dispatcher: SyncDispatcher, cancels: CancelPublisher): ServeCall {
  return async (request, response, admission) => {
    const parsed = EmbeddingsRequestSchema.safeParse(request.body);
    if (!parsed.success) throw InvalidRequestError.fromProblems('embeddings request', zodProblems(parsed.error.issues));
    const context = readRequestContext(request, parsed.data.model, admission);
    const submitted = await dispatcher.submit({
      kind: 'embeddings',
      body: parsed.data,
      stream: false,
      context,
      configHeader: admission.configHeader,
      resolved: admission.resolved,
      facts: requestFactsOf(parsed.data, context),
    });
    await sendSyncReply(response, { submitted, format: openAIReplyFormat, cancels });
    return 'enqueued';
  };
}
