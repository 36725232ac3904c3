import type { SyncDispatcher } from '@sluice/dispatch';
import { anthropicPromptText, anthropicReplyFormat, readCountTokensEnvelope } from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import { countTokensInSlices } from '@sluice/request-log';
import { requestFactsOf } from '@sluice/routing';
import type { ServeCall } from '../governance/admission/admission';
import { nativeAnthropicCallOf } from '../native-anthropic-call';
import { readRequestContext } from '../read-request-context';
import { sendSyncReply } from '../send-sync-reply';

/** Tokens of framing per message, as the chat formats count them. */
const TOKENS_PER_MESSAGE = 3;
/** An image or document block, counted as Anthropic bills a picture of about 1,150 × 1,150 pixels. */
const TOKENS_PER_MEDIA_BLOCK = 1_600;

/**
 * POST /v1/messages/count_tokens (docs/anthropic-messages.md): forwarded as it came when the request's route starts
 * at an Anthropic account, whose answer is relayed; otherwise counted here with the tokenizer, in slices so a large
 * body never holds the event loop (the body limit bounds it).
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
    const textTokens = await countTokensInSlices(prompt.text, envelope.model);
    const inputTokens = textTokens + prompt.messages * TOKENS_PER_MESSAGE + prompt.mediaBlocks * TOKENS_PER_MEDIA_BLOCK;
    response.setHeader('x-sluice-token-count', 'estimated');
    response.json({ input_tokens: inputTokens });
    return 'answered';
  };
}
