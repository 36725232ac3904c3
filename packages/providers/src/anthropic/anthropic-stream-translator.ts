import { randomUUID } from 'node:crypto';
import { UpstreamInvalidResponseError } from '@sluice/errors';
import { type ChunkIdentity, chatChunk, deltaChunk, nowInSeconds } from '../chat-chunk';
import type { ChatCompletionChunk, Usage } from '../openai-response-types';
import { parseUpstreamBody, parseUpstreamJson } from '../parse-upstream-body';
import type { ChatStreamTranslator, ProviderCallContext, UpstreamEvent } from '../provider-adapter';
import type { ReasoningDetail } from '../reasoning';
import {
  ANTHROPIC_STREAM_EVENT_TYPES,
  AnthropicRedactedThinkingBlockSchema,
  type AnthropicStreamEvent,
  AnthropicStreamEventSchema,
  AnthropicTextBlockSchema,
  AnthropicThinkingBlockSchema,
  AnthropicToolUseBlockSchema,
} from './anthropic-wire-schemas';
import { fromAnthropicStreamError } from './from-anthropic-error-response';
import { type AnthropicTokenCounts, fromAnthropicUsage } from './from-anthropic-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

type Event<T extends AnthropicStreamEvent['type']> = Extract<AnthropicStreamEvent, { type: T }>;

function eventType(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('type' in data)) return undefined;
  return typeof data.type === 'string' ? data.type : undefined;
}

function definedCounts(counts: AnthropicTokenCounts): AnthropicTokenCounts {
  return Object.fromEntries(Object.entries(counts).filter(([, value]) => typeof value === 'number'));
}

/**
 * Anthropic's stream events as OpenAI chunks: role on message_start, text deltas as content, thinking deltas as
 * reasoning_content and each finished thinking block whole, with its signature, as reasoning_details; each
 * tool_use block as one tool call (id and name on its first delta, index counted over tool calls only),
 * finish_reason on message_delta, and a final choice-less chunk with usage on message_stop. A known event (by its
 * data's `type`, else its SSE event name) must have its documented shape, and the stream must end with message_stop
 * (docs/tenancy-and-upstream-validation.md); unknown event types are read past.
 */
export class AnthropicStreamTranslator implements ChatStreamTranslator {
  #identity: ChunkIdentity;
  #counts: AnthropicTokenCounts | undefined;
  readonly #toolIndexByBlock = new Map<number, number>();
  /** Open thinking blocks by block index: their text so far and signature, sent whole when the block stops. */
  readonly #thinkingByBlock = new Map<number, { text: string; signature?: string }>();
  #stopped = false;

  constructor(context: ProviderCallContext) {
    this.#identity = { id: `msg_${randomUUID()}`, created: nowInSeconds(), model: context.model };
  }

  fromUpstreamEvent(event: UpstreamEvent): ChatCompletionChunk[] {
    const data = parseUpstreamJson(event.data, 'anthropic');
    const type = eventType(data) ?? event.event;
    if (type === undefined || !ANTHROPIC_STREAM_EVENT_TYPES.has(type)) return [];
    const parsed = parseUpstreamBody(AnthropicStreamEventSchema, data, 'anthropic');
    switch (parsed.type) {
      case 'message_start':
        return this.#start(parsed);
      case 'content_block_start':
        return this.#blockStart(parsed);
      case 'content_block_delta':
        return this.#blockDelta(parsed);
      case 'content_block_stop':
        return this.#blockStop(parsed);
      case 'message_delta':
        return this.#messageDelta(parsed);
      case 'message_stop':
        this.#stopped = true;
        return [chatChunk(this.#identity, [], this.usage())];
      case 'error':
        throw fromAnthropicStreamError(parsed);
      default:
        return [];
    }
  }

  usage(): Usage | undefined {
    return this.#counts === undefined ? undefined : fromAnthropicUsage(this.#counts);
  }

  finish(): void {
    if (!this.#stopped) throw new UpstreamInvalidResponseError('anthropic', 'the stream ended without message_stop');
  }

  #start(event: Event<'message_start'>): ChatCompletionChunk[] {
    this.#identity = { ...this.#identity, id: event.message.id, model: event.message.model };
    this.#counts = definedCounts(event.message.usage);
    return [deltaChunk(this.#identity, { role: 'assistant', content: '' })];
  }

  #blockStart(event: Event<'content_block_start'>): ChatCompletionChunk[] {
    const toolUse = AnthropicToolUseBlockSchema.safeParse(event.content_block);
    if (toolUse.success) {
      const index = this.#toolIndexByBlock.size;
      this.#toolIndexByBlock.set(event.index, index);
      const { id, name } = toolUse.data;
      return [
        deltaChunk(this.#identity, {
          tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }],
        }),
      ];
    }
    const thinking = AnthropicThinkingBlockSchema.safeParse(event.content_block);
    if (thinking.success) {
      this.#thinkingByBlock.set(event.index, { text: thinking.data.thinking, signature: thinking.data.signature });
      return thinking.data.thinking === ''
        ? []
        : [deltaChunk(this.#identity, { reasoning_content: thinking.data.thinking })];
    }
    const redacted = AnthropicRedactedThinkingBlockSchema.safeParse(event.content_block);
    if (redacted.success) {
      const encrypted = { type: 'reasoning.encrypted' as const, data: redacted.data.data };
      return [deltaChunk(this.#identity, { reasoning_details: [encrypted] })];
    }
    const text = AnthropicTextBlockSchema.safeParse(event.content_block);
    return text.success && text.data.text !== '' ? [deltaChunk(this.#identity, { content: text.data.text })] : [];
  }

  #blockDelta(event: Event<'content_block_delta'>): ChatCompletionChunk[] {
    const { delta } = event;
    if (delta.type === 'text_delta' && typeof delta.text === 'string' && delta.text !== '') {
      return [deltaChunk(this.#identity, { content: delta.text })];
    }
    const thinking = this.#thinkingByBlock.get(event.index);
    if (thinking && delta.type === 'thinking_delta' && typeof delta.thinking === 'string' && delta.thinking !== '') {
      thinking.text += delta.thinking;
      return [deltaChunk(this.#identity, { reasoning_content: delta.thinking })];
    }
    if (thinking && delta.type === 'signature_delta' && typeof delta.signature === 'string') {
      thinking.signature = (thinking.signature ?? '') + delta.signature;
      return [];
    }
    const index = this.#toolIndexByBlock.get(event.index);
    if (
      delta.type === 'input_json_delta' &&
      typeof delta.partial_json === 'string' &&
      delta.partial_json !== '' &&
      index !== undefined
    ) {
      return [deltaChunk(this.#identity, { tool_calls: [{ index, function: { arguments: delta.partial_json } }] })];
    }
    return [];
  }

  #blockStop(event: Event<'content_block_stop'>): ChatCompletionChunk[] {
    const thinking = this.#thinkingByBlock.get(event.index);
    if (!thinking) return [];
    this.#thinkingByBlock.delete(event.index);
    const { text, signature } = thinking;
    const detail: ReasoningDetail = signature
      ? { type: 'reasoning.text', text, signature }
      : { type: 'reasoning.text', text };
    return [deltaChunk(this.#identity, { reasoning_details: [detail] })];
  }

  #messageDelta(event: Event<'message_delta'>): ChatCompletionChunk[] {
    this.#counts = { ...this.#counts, ...definedCounts(event.usage) };
    const finishReason = mapAnthropicStopReason(event.delta.stop_reason);
    return finishReason === null ? [] : [deltaChunk(this.#identity, {}, finishReason)];
  }
}

/** A fresh translator for one Anthropic stream. */
export function createAnthropicStreamTranslator(context: ProviderCallContext): ChatStreamTranslator {
  return new AnthropicStreamTranslator(context);
}
