import type { SyncDispatcher } from '@sluice/dispatch';
import {
  anthropicReplyFormat,
  type ChatCompletionRequest,
  readMessagesEnvelope,
  translateAnthropicMessagesRequest,
} from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import { lazyTranslation, type NativeSubmission } from '@sluice/routing';
import { answerChat } from '../answer-chat';
import type { ServeCall } from '../governance/admission/admission';
import { nativeAnthropicCallOf } from '../native-anthropic-call';

/**
 * POST /v1/messages: the Anthropic Messages API as an entry point (docs/anthropic-messages.md). Anthropic accounts get
 * the request as it came — body bytes, `anthropic-beta` and `anthropic-version` —, and their answer goes back as they
 * sent it; other providers get its canonical (OpenAI-format) translation, answered in Anthropic's format. Sluice
 * reads only the model, `max_tokens`, `stream` and the messages' presence itself.
 */
export function anthropicMessagesRoute(dispatcher: SyncDispatcher, cancels: CancelPublisher): ServeCall {
  return async (request, response, admission) => {
    const envelope = readMessagesEnvelope(request.body);
    const native: NativeSubmission = {
      call: nativeAnthropicCallOf(request),
      parsed: envelope,
      translate: lazyTranslation(() => {
        const translated = translateAnthropicMessagesRequest(request.body);
        return { body: translated.request, omitted: translated.omitted };
      }),
    };
    // Routing reads the facts of the body as sent; the job's body is decided per plan (forwardingPlan).
    return answerChat(request, response, envelope as unknown as ChatCompletionRequest, {
      dispatcher,
      cancels,
      admission,
      format: anthropicReplyFormat(envelope.model),
      dialect: 'anthropic',
      native,
    });
  };
}
