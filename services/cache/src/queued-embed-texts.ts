import { randomUUID } from 'node:crypto';
import type { GatewayConfig } from '@sluice/config';
import { fromWireError, GatewayTimeoutError, UpstreamError } from '@sluice/errors';
import { JOB_PRIORITY, type ProviderQueues, type ReplyListener } from '@sluice/queues';
import { planRoute } from '@sluice/routing';
import type { EmbedTexts } from '@sluice/semantic-cache';
import { z } from 'zod';

const EmbeddingsReplySchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
});

export interface QueuedEmbedTextsOptions {
  config: GatewayConfig;
  provider: string;
  model: string;
  /** Sent as the request's `dimensions` (models that shorten vectors on request); omitted otherwise. */
  requestDimensions: number | undefined;
  queues: ProviderQueues;
  /** Where the worker's answers arrive; the caller starts and stops it. */
  replies: ReplyListener;
  /** How long one embedding call may take, queueing included. Default 10 s. */
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Embeds texts through Sluice's own provider layer: an `embeddings` job on the target's provider queue, so the
 * account's rate limits, retries and keys apply as to any request. The call is logged like one, marked with the
 * property `sluice_purpose: semantic-cache` and without bodies.
 */
export function queuedEmbedTexts(options: QueuedEmbedTextsOptions): EmbedTexts {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const routing = { strategy: 'single' as const, targets: [{ provider: options.provider, model: options.model }] };
  const facts = {
    model: options.model,
    params: {},
    metadata: {},
    user: undefined,
    properties: {},
    promptChars: 0,
    lastMessageContent: '',
  };
  return async (texts) => {
    const now = (options.now ?? Date.now)();
    const requestId = `req_${randomUUID().replaceAll('-', '')}`;
    const body: Record<string, unknown> = { model: options.model, input: texts };
    if (options.requestDimensions !== undefined) body.dimensions = options.requestDimensions;
    const inbox = options.replies.expect(requestId);
    try {
      await options.queues.enqueue(
        {
          requestId,
          mode: 'sync',
          kind: 'embeddings',
          stream: false,
          body,
          replyTo: options.replies.streamKey,
          plan: planRoute(routing, { config: options.config, facts }),
          step: 0,
          attempts: [],
          receivedAt: now,
          enqueuedAt: now,
          deadlineAt: now + timeoutMs,
          context: {
            requestedModel: options.model,
            metadata: {},
            properties: { sluice_purpose: 'semantic-cache' },
            omitBodies: true,
          },
        },
        JOB_PRIORITY.sync,
      );
      const reply = await inbox.next(timeoutMs + 1_000);
      if (reply === undefined)
        throw new GatewayTimeoutError(`the embeddings model ${options.model} did not answer within ${timeoutMs} ms`);
      if (reply.kind === 'failed') throw fromWireError(reply.error);
      if (reply.kind !== 'result') throw invalidReply(`a ${reply.kind} message`);
      return vectorsOf(reply.body, texts.length);
    } finally {
      inbox.close();
    }
  };
}

function vectorsOf(text: string, count: number): number[][] {
  let parsed: z.infer<typeof EmbeddingsReplySchema>;
  try {
    parsed = EmbeddingsReplySchema.parse(JSON.parse(text));
  } catch {
    throw invalidReply('a body that is not an embeddings list of float vectors');
  }
  const vectors: number[][] = [];
  for (const item of parsed.data) vectors[item.index] = item.embedding;
  if (vectors.length !== count || vectors.some((vector) => vector === undefined))
    throw invalidReply(`${parsed.data.length} vectors for ${count} texts`);
  return vectors;
}

function invalidReply(what: string): UpstreamError {
  return new UpstreamError({
    kind: 'status',
    status: 502,
    code: 'embeddings_invalid_response',
    message: `The embeddings model answered with ${what}.`,
  });
}
