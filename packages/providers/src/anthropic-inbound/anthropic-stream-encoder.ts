import { randomUUID } from 'node:crypto';
import type { AnthropicStreamEvent } from '../anthropic/anthropic-wire-schemas';
import type { ChatCompletionChunk, ToolCallDelta, Usage } from '../openai-response-types';
import { toAnthropicMessageId, toAnthropicStopReason, toAnthropicUsage } from './to-anthropic-message-fields';

/** One server-sent event for an Anthropic client: `event: <event>` and `data: <JSON of data>`. */
export interface AnthropicSseEvent {
  event: AnthropicStreamEvent['type'];
  data: AnthropicStreamEvent;
}

export interface AnthropicStreamEncoder {
  /** The events one OpenAI chunk adds (message_start before the first). */
  encode(chunk: ChatCompletionChunk): AnthropicSseEvent[];
  /** Closes the open block and ends the message: message_delta with stop_reason and usage, then message_stop. */
  finish(): AnthropicSseEvent[];
}

function sse(data: AnthropicStreamEvent): AnthropicSseEvent {
  return { event: data.type, data };
}

/**
 * OpenAI chunks (first choice) as an Anthropic event sequence: message_start; a text block opened for
 * text and closed when a tool call starts; one tool_use block per tool call with its arguments as
 * input_json_delta; then, at finish(), message_delta and message_stop.
 */
class StreamEncoder implements AnthropicStreamEncoder {
  readonly #model: string;
  #started = false;
  #finished = false;
  #nextBlock = 0;
  #openBlock: { index: number; kind: 'text' | 'tool_use' } | undefined;
  readonly #toolBlocks = new Map<number, number>();
  #stopReason: string | undefined;
  #usage: Usage | undefined;

  constructor(requestedModel: string) {
    this.#model = requestedModel;
  }

  encode(chunk: ChatCompletionChunk): AnthropicSseEvent[] {
    if (this.#finished) return [];
    const events = this.#start(chunk.id);
    if (chunk.usage) this.#usage = chunk.usage;
    const choice = chunk.choices.find((candidate) => candidate.index === 0);
    if (!choice) return events;
    // The chunk is the provider's JSON as relayed: Azure's asynchronous content-filter chunks have no delta.
    const delta: Partial<typeof choice.delta> = choice.delta ?? {};
    const text = (delta.content ?? '') + (delta.refusal ?? '');
    if (text !== '') events.push(...this.#text(text));
    for (const call of delta.tool_calls ?? []) events.push(...this.#toolCall(call));
    if (choice.finish_reason) {
      this.#stopReason = toAnthropicStopReason(choice.finish_reason);
      events.push(...this.#closeBlock());
    }
    return events;
  }

  finish(): AnthropicSseEvent[] {
    if (this.#finished) return [];
    const events = [...this.#start(undefined), ...this.#closeBlock()];
    this.#finished = true;
    const { input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens } = toAnthropicUsage(
      this.#usage,
    );
    events.push(
      sse({
        type: 'message_delta',
        delta: { stop_reason: this.#stopReason ?? 'end_turn', stop_sequence: null },
        usage: { output_tokens, input_tokens, cache_creation_input_tokens, cache_read_input_tokens },
      }),
      sse({ type: 'message_stop' }),
    );
    return events;
  }

  #start(id: string | undefined): AnthropicSseEvent[] {
    if (this.#started) return [];
    this.#started = true;
    const usage = { input_tokens: 0, output_tokens: 0 };
    const message = {
      id: toAnthropicMessageId(id),
      type: 'message' as const,
      role: 'assistant' as const,
      model: this.#model,
    };
    return [
      sse({
        type: 'message_start',
        message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage },
      }),
    ];
  }

  #text(text: string): AnthropicSseEvent[] {
    const events: AnthropicSseEvent[] = [];
    if (this.#openBlock?.kind !== 'text') {
      events.push(...this.#closeBlock(), ...this.#openNew('text', { type: 'text', text: '' }));
    }
    const index = this.#openBlock?.index ?? 0;
    events.push(sse({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } }));
    return events;
  }

  /** A tool call's first delta opens its block; its arguments go to its own block even if another opened since. */
  #toolCall(call: ToolCallDelta): AnthropicSseEvent[] {
    const events: AnthropicSseEvent[] = [];
    let index = this.#toolBlocks.get(call.index);
    if (index === undefined) {
      const id = call.id ?? `toolu_${randomUUID().replaceAll('-', '')}`;
      events.push(
        ...this.#closeBlock(),
        ...this.#openNew('tool_use', { type: 'tool_use', id, name: call.function?.name ?? '', input: {} }),
      );
      index = this.#nextBlock - 1;
      this.#toolBlocks.set(call.index, index);
    }
    const partial = call.function?.arguments ?? '';
    if (partial !== '')
      events.push(
        sse({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partial } }),
      );
    return events;
  }

  #openNew(
    kind: 'text' | 'tool_use',
    block: Extract<AnthropicStreamEvent, { type: 'content_block_start' }>['content_block'],
  ): AnthropicSseEvent[] {
    const index = this.#nextBlock++;
    this.#openBlock = { index, kind };
    return [sse({ type: 'content_block_start', index, content_block: block })];
  }

  #closeBlock(): AnthropicSseEvent[] {
    if (!this.#openBlock) return [];
    const { index } = this.#openBlock;
    this.#openBlock = undefined;
    return [sse({ type: 'content_block_stop', index })];
  }
}

/** A fresh encoder for one `/v1/messages` stream answering `requestedModel`. */
export function createAnthropicStreamEncoder(requestedModel: string): AnthropicStreamEncoder {
  return new StreamEncoder(requestedModel);
}
