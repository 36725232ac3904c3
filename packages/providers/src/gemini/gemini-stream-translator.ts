import { randomUUID } from 'node:crypto';
import { UpstreamInvalidResponseError } from '@sluice/errors';
import { type ChunkChoice, type ChunkIdentity, chatChunk, deltaChunk, nowInSeconds } from '../chat-chunk';
import type { ChatCompletionChunk, Usage } from '../openai-response-types';
import { parseUpstreamBody, parseUpstreamJson } from '../parse-upstream-body';
import type { ChatStreamTranslator, ProviderCallContext, UpstreamEvent } from '../provider-adapter';
import { fromGeminiStreamError, readGeminiError } from './from-gemini-error-response';
import { fromGeminiUsage } from './from-gemini-usage';
import {
  type GeminiCandidate,
  type GeminiGenerateContentResponse,
  GeminiStreamChunkSchema,
} from './gemini-wire-schemas';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';
import { readGeminiCandidate } from './read-gemini-candidate';

/**
 * streamGenerateContent?alt=sse events (each a partial GenerateContentResponse) as OpenAI chunks: role
 * on a candidate's first chunk, text as content, each functionCall as one complete tool call delta, a
 * finish chunk per candidate, then — once every candidate has finished — a choice-less usage chunk. Each event must
 * carry candidates, promptFeedback or usageMetadata, and the stream must end with every candidate finished
 * (docs/tenancy-and-upstream-validation.md).
 */
export class GeminiStreamTranslator implements ChatStreamTranslator {
  readonly #identity: ChunkIdentity;
  #identified = false;
  #usage: Usage | undefined;
  #usageSent = false;
  readonly #started = new Set<number>();
  readonly #finished = new Set<number>();
  readonly #toolCallCounts = new Map<number, number>();

  constructor(context: ProviderCallContext) {
    this.#identity = { id: `chatcmpl-${randomUUID()}`, created: nowInSeconds(), model: context.model };
  }

  fromUpstreamEvent(event: UpstreamEvent): ChatCompletionChunk[] {
    const data = parseUpstreamJson(event.data, 'gemini');
    const error = readGeminiError(data);
    if (error) throw fromGeminiStreamError(error);
    const response = parseUpstreamBody(GeminiStreamChunkSchema, data, 'gemini');
    this.#identify(response);
    if (response.usageMetadata) this.#usage = fromGeminiUsage(response.usageMetadata);
    const candidates = response.candidates ?? [];
    const chunks = candidates.flatMap((candidate, position) => this.#candidate(candidate, candidate.index ?? position));
    if (candidates.length === 0 && response.promptFeedback?.blockReason !== undefined) {
      // A blocked prompt has no candidate: answer as one candidate stopped by the content filter.
      chunks.push(...this.#candidate({ finishReason: 'PROHIBITED_CONTENT' }, 0));
    }
    const allFinished = this.#finished.size > 0 && [...this.#started].every((index) => this.#finished.has(index));
    if (allFinished && this.#usage && !this.#usageSent) {
      this.#usageSent = true;
      chunks.push(chatChunk(this.#identity, [], this.#usage));
    }
    return chunks;
  }

  usage(): Usage | undefined {
    return this.#usage;
  }

  finish(): void {
    const allFinished = this.#finished.size > 0 && [...this.#started].every((index) => this.#finished.has(index));
    if (!allFinished) throw new UpstreamInvalidResponseError('gemini', 'the stream ended before a finishReason');
  }

  #identify(response: GeminiGenerateContentResponse): void {
    if (this.#identified) return;
    this.#identified = true;
    if (response.responseId !== undefined) this.#identity.id = response.responseId;
    if (response.modelVersion !== undefined) this.#identity.model = response.modelVersion;
  }

  #candidate(candidate: GeminiCandidate, index: number): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    const delta: ChunkChoice['delta'] = {};
    if (!this.#started.has(index)) {
      this.#started.add(index);
      delta.role = 'assistant';
    }
    const { text, thoughts, toolCalls } = readGeminiCandidate(candidate);
    if (thoughts !== null && thoughts !== '') delta.reasoning_content = thoughts;
    if (text !== null && text !== '') delta.content = text;
    const before = this.#toolCallCounts.get(index) ?? 0;
    if (toolCalls.length > 0) {
      delta.tool_calls = toolCalls.map((call, offset) => ({ index: before + offset, ...call }));
      this.#toolCallCounts.set(index, before + toolCalls.length);
    }
    if (Object.keys(delta).length > 0) chunks.push(deltaChunk(this.#identity, delta, null, index));
    if (candidate.finishReason !== undefined) {
      this.#finished.add(index);
      const finishReason = mapGeminiFinishReason(candidate.finishReason, (this.#toolCallCounts.get(index) ?? 0) > 0);
      chunks.push(deltaChunk(this.#identity, {}, finishReason, index));
    }
    return chunks;
  }
}

/** A fresh translator for one Gemini stream. */
export function createGeminiStreamTranslator(context: ProviderCallContext): ChatStreamTranslator {
  return new GeminiStreamTranslator(context);
}
