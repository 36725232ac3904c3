import { fromAnthropicMessagesRequest } from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import type { RequestHandler } from 'express';
import { answerChat } from '../answer-chat';
import { anthropicReplyFormat } from '../anthropic-reply-format';
import type { SyncDispatcher } from '../sync-dispatcher';

/**
 * POST /v1/messages: the Anthropic Messages API as an entry point. The request becomes Sluice's canonical
 * OpenAI chat request, is served by whichever provider the config routes it to, and is answered in
 * Anthropic's format, streamed or not. The SDK's x-api-key and anthropic-version headers are accepted, not required.
 */
export function anthropicMessagesRoute(dispatcher: SyncDispatcher, cancels: CancelPublisher): RequestHandler {
  return async (request, response) => {
    const body = fromAnthropicMessagesRequest(request.body);
    await answerChat(request, response, body, { dispatcher, cancels, format: anthropicReplyFormat(body.model) });
  };
}
