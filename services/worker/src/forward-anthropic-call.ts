import {
  type ProviderAdapter,
  type ProviderCallContext,
  readUpstreamChunks,
  toAnthropicForwardRequest,
  type UpstreamResponse,
  type Usage,
} from '@sluice/providers';
import type { NativeAnthropicCall, PlannedTarget, ProviderJob } from '@sluice/queues';
import type { CallOutcome, StreamSink } from './call-outcome';
import { readUpstreamPart } from './read-upstream-part';
import { StreamedCompletion } from './streamed-completion';

/**
 * The body an Anthropic target receives: the client's bytes as they came, unless the target names another model or
 * sets override_params — then those fields, and only those, are replaced.
 */
export function forwardedBody(native: NativeAnthropicCall, target: PlannedTarget, requestedModel: string): string {
  const overrides = Object.keys(target.overrideParams).length > 0;
  if (target.model === requestedModel && !overrides) return native.body;
  const parsed = JSON.parse(native.body) as Record<string, unknown>;
  return JSON.stringify({ ...parsed, ...target.overrideParams, model: target.model });
}

/** The upstream request of a forwarded `/v1/messages` (or `/v1/messages/count_tokens`) call. */
export function forwardedMessagesRequest(
  job: ProviderJob,
  native: NativeAnthropicCall,
  target: PlannedTarget,
  context: ProviderCallContext,
) {
  return toAnthropicForwardRequest(
    { ...native, body: forwardedBody(native, target, job.context.requestedModel) },
    context,
    job.kind === 'count_tokens' ? 'count_tokens' : 'messages',
  );
}

/** A forwarded token count: the provider's answer for the client, and for the log; it uses no tokens itself. */
export function forwardedCount(text: string, servedModel: string, startedAt: number): CallOutcome {
  return { body: text, nativeBody: text, usage: undefined, servedModel, ttftMs: Date.now() - startedAt };
}

interface ForwardOptions {
  response: UpstreamResponse;
  adapter: ProviderAdapter;
  context: ProviderCallContext;
  startedAt: number;
  fallbackModel: string;
}

/**
 * A forwarded, non-streamed answer: the client gets the provider's bytes; the log and the response cache get its
 * OpenAI form (what the rest of Sluice reads: usage, text, tool calls).
 */
export function forwardedResult(text: string, parsed: unknown, options: ForwardOptions): CallOutcome {
  const completion = options.adapter.fromChatResponse(parsed, options.context);
  return {
    body: JSON.stringify(completion),
    nativeBody: text,
    usage: completion.usage,
    servedModel: completion.model ?? options.fallbackModel,
    ttftMs: Date.now() - options.startedAt,
  };
}

/**
 * A forwarded stream: relayed to the client as the provider sent it, piece by piece as the network delivers it, and
 * read on the way for usage and for the answer the log and the response cache keep. Nothing is relayed before the
 * first complete event has been read, so an error that opens the stream may still be retried or fall back; an error
 * event later ends the client's stream with Sluice's error event, as on every stream.
 */
export async function relayForwardedStream(
  options: ForwardOptions & { sink: StreamSink; signal: AbortSignal },
): Promise<CallOutcome> {
  const { sink } = options;
  const translator = options.adapter.createChatStreamTranslator(options.context);
  const assembled = new StreamedCompletion();
  let ttftMs: number | undefined;
  let usage: Usage | undefined;
  let servedModel = options.fallbackModel;
  let held = '';
  const chunks = readUpstreamChunks(options.response.body);
  try {
    for (
      let next = await readUpstreamPart(chunks, options.signal);
      !next.done;
      next = await readUpstreamPart(chunks, options.signal)
    ) {
      const chunk = next.value;
      for (const event of chunk.events) {
        for (const translated of translator.fromUpstreamEvent(event)) {
          if (translated.usage) usage = translated.usage;
          assembled.add(translated);
          if (translated.model) servedModel = translated.model;
        }
      }
      if (ttftMs === undefined) {
        held += chunk.text;
        if (chunk.events.length === 0) continue;
        ttftMs = Date.now() - options.startedAt;
        await sink.started(servedModel, true);
        await sink.chunks([held]);
      } else if (chunk.text !== '') {
        await sink.chunks([chunk.text]);
      }
    }
  } finally {
    await chunks.return(undefined);
  }
  translator.finish();
  const finalUsage = usage ?? translator.usage();
  return { body: undefined, usage: finalUsage, servedModel, ttftMs, streamedBody: assembled.toJson(finalUsage) };
}
