import type { SyncDispatcher } from '@sluice/dispatch';
import { openAIReplyFormat, type ReplyFormat } from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import type { ForwardedSubmission } from '@sluice/routing';
import { requestFactsOf } from '@sluice/routing';
import type { Request, Response } from 'express';
import type { Admission, Served } from './governance/admission/admission';
import { readRequestContext } from './read-request-context';
import { sendSyncReply } from './send-sync-reply';

export interface ForwardedAnswerOptions {
  dispatcher: SyncDispatcher;
  cancels: CancelPublisher;
  /** How a translated answer is written; OpenAI's unchanged unless given (answers relayed as they came skip it). */
  format?: ReplyFormat;
}

/**
 * What the completions, moderations and rerank routes do with a validated request: plan and enqueue it
 * (forwardedOperationPlan), then relay the provider's reply. `requestedModel` routes it; `stream` says how it answers.
 */
export async function answerForwarded(
  request: Request,
  response: Response,
  call: ForwardedSubmission & { requestedModel: string; stream: boolean },
  admission: Admission,
  options: ForwardedAnswerOptions,
): Promise<Served> {
  const context = readRequestContext(request, call.requestedModel, admission);
  const body = request.body as Record<string, unknown>;
  const submitted = await options.dispatcher.submitForwarded(
    {
      kind: call.operation,
      body: call.envelope,
      stream: call.stream,
      context,
      configHeader: admission.configHeader,
      resolved: admission.resolved,
      facts: requestFactsOf({ ...body, model: call.requestedModel }, context),
    },
    call,
  );
  try {
    await sendSyncReply(response, {
      submitted,
      format: options.format ?? openAIReplyFormat,
      cancels: options.cancels,
    });
  } finally {
    submitted.inbox.close();
  }
  return 'enqueued';
}
