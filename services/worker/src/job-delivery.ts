import { type SluiceError, toWireError } from '@sluice/errors';
import type { Attempt, ProviderJob, ReplyMessage, ReplyPublisher } from '@sluice/queues';

/** A finished stream: the answer its chunks amount to, as ChatCompletion JSON text, and who served it. */
export interface StreamedResult {
  body: string | undefined;
  provider: string;
  servedModel: string;
  attempts: Attempt[];
}

/** A stream's start as delivered: who serves it, the attempts so far, and the chunks of its first read. */
export interface DeliveredStreamStart {
  provider: string;
  servedModel: string;
  attempts: Attempt[];
  /** The chunks are a forwarded call's own SSE events (sync `/v1/messages` and transcriptions only). */
  native: boolean;
  /** The chunks are base64 pieces of a binary body of this type (speech). */
  contentType?: string | undefined;
  /** The chunks of the read that started the stream: delivered with the start, in one append. */
  chunks: readonly string[];
}

/** Where a job's outcome goes: the waiting ingress for sync requests; the job record for async work. */
export interface JobDelivery {
  /** Called as a worker picks the job up, before any call: `skip` drops it (cancelled, or already settled). */
  started?(job: ProviderJob): Promise<'run' | 'skip'>;
  streamStarted(job: ProviderJob, start: DeliveredStreamStart): Promise<void>;
  /** The chunks one read of the provider's stream completed, after the first. */
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
    async streamStarted(job, start) {
      if (!job.replyTo) return;
      const started: ReplyMessage = {
        kind: 'stream-started',
        provider: start.provider,
        model: start.servedModel,
        attempts: start.attempts,
        ...(start.native ? { native: true as const } : {}),
        ...(start.contentType === undefined ? {} : { contentType: start.contentType }),
      };
      if (start.chunks.length === 0) await replies.send(job.replyTo, job.requestId, started);
      else await replies.send(job.replyTo, job.requestId, started, { kind: 'chunks-received', data: start.chunks });
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
