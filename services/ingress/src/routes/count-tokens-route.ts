import type { SyncDispatcher } from '@sluice/dispatch';
import { anthropicPromptText, anthropicReplyFormat, readCountTokensEnvelope } from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import { estimatePromptTokens } from '@sluice/request-log';
import { requestFactsOf } from '@sluice/routing';
import type { ServeCall } from '../governance/admission/admission';
import { nativeAnthropicCallOf } from '../native-anthropic-call';
import { readRequestContext } from '../read-request-context';
import { sendSyncReply } from '../send-sync-reply';

/**
 * POST /v1/messages/count_tokens (docs/anthropic-messages.md): forwarded as it came when the request's route starts
 * at an Anthropic account, whose answer is relayed; otherwise estimated here (estimatePromptTokens; the body limit
 * bounds it).
 */
export function countTokensRoute(dispatcher: SyncDispatcher, cancels: CancelPublisher): ServeCall {
  return async (request, response, admission) => {
    const envelope = readCountTokensEnvelope(request.body);
    const context = readRequestContext(request, envelope.model, admission);
    const submitted = await dispatcher.submitTokenCount(
      {
        kind: 'count_tokens',
        // The body's bytes travel once, as sent (the log records them); the job itself names only the model.
        body: { model: envelope.model },
        stream: false,
        context,
        configHeader: admission.configHeader,
        resolved: admission.resolved,
        facts: requestFactsOf(envelope, context),
        dialect: 'anthropic',
      },
      { ...nativeAnthropicCallOf(request), loggedAsSent: true },
    );
    if (submitted) {
      try {
        await sendSyncReply(response, { submitted, format: anthropicReplyFormat(envelope.model), cancels });
      } finally {
        submitted.inbox.close();
      }
      return 'enqueued';
    }
    const prompt = anthropicPromptText(envelope);
    const inputTokens = await estimatePromptTokens({ ...prompt, turns: prompt.messages }, envelope.model);
    response.setHeader('x-sluice-token-count', 'estimated');
    response.json({ input_tokens: inputTokens });
    return 'answered';
  };
}
