import { type SluiceError, toWireError } from '@sluice/errors';
import type { Attempt, ProviderJob, ReplyPublisher } from '@sluice/queues';

/** A finished stream: the answer its chunks amount to, as ChatCompletion JSON text, and who served it. */
export interface StreamedResult {
  body: string | undefined;
  provider: string;
  servedModel: string;
  attempts: Attempt[];
}

/** Where a job's outcome goes: the waiting ingress for sync requests; the job record for async work. */
export interface JobDelivery {
  /** Called as a worker picks the job up, before any call: `skip` drops it (cancelled, or already settled). */
  started?(job: ProviderJob): Promise<'run' | 'skip'>;
  /**
   * `native`: the chunks are a forwarded call's own SSE events (sync `/v1/messages` and transcriptions only);
   * `contentType`: they are base64 pieces of a binary body of that type (speech).
   */
  streamStarted(
    job: ProviderJob,
    provider: string,
    servedModel: string,
    attempts: Attempt[],
    native: boolean,
    contentType?: string,
  ): Promise<void>;
  /** The chunks one read of the provider's stream completed. */
  chunks(job: ProviderJob, data: readonly string[]): Promise<void>;
  /** A stream ended whole; `result.body` is the answer its chunks amount to (what an async job stores). */
  streamEnded(job: ProviderJob, result: StreamedResult): Promise<void>;
  succeeded(
    job: ProviderJob,
    result: {
      body: string;
      provider: string;
      servedModel: string;
      attempts: Attempt[];
      native?: boolean;
      /** A media answer, sent to the client as it is with this content type. */
      contentType?: string | undefined;
    },
  ): Promise<void>;
  failed(job: ProviderJob, error: SluiceError, attempts: Attempt[]): Promise<void>;
}

/** Sync requests: every message goes to the reply stream of the ingress instance that waits for it. */
export function replyDelivery(replies: ReplyPublisher): JobDelivery {
  return {
    async streamStarted(job, provider, model, attempts, native, contentType) {
      if (job.replyTo)
        await replies.send(job.replyTo, job.requestId, {
          kind: 'stream-started',
          provider,
          model,
          attempts,
          ...(native ? { native: true as const } : {}),
          ...(contentType === undefined ? {} : { contentType }),
        });
    },
    async chunks(job, data) {
      if (job.replyTo) await replies.send(job.replyTo, job.requestId, { kind: 'chunks-received', data });
    },
    async streamEnded(job) {
      if (job.replyTo) await replies.send(job.replyTo, job.requestId, { kind: 'stream-ended' });
    },
    async succeeded(job, result) {
      if (job.replyTo)
        await replies.send(job.replyTo, job.requestId, {
          kind: 'result',
          body: result.body,
          provider: result.provider,
          model: result.servedModel,
          attempts: result.attempts,
          ...(result.native ? { native: true as const } : {}),
          ...(result.contentType === undefined ? {} : { contentType: result.contentType }),
        });
    },
    async failed(job, error, attempts) {
      if (job.replyTo)
        await replies.send(job.replyTo, job.requestId, { kind: 'failed', error: toWireError(error), attempts });
    },
  };
}
