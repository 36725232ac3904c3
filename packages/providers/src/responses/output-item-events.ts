import type { ChatCompletionChunk, FinishReason } from '../openai-response-types';
import { clientToolName, reasoningItem, summarises } from './from-chat-completion';
import { type ItemIds, newItemId } from './response-item-ids';
import type { OutputFunctionCall, OutputItem, OutputMessage, OutputReasoning, ResponseObject } from './response-object';
import type { ResponsesEvent } from './responses-event-text';
import { type OpenMessage, type OpenText, openedMessage } from './streamed-message';
import type { ToolName } from './to-chat-tools';

type ToolCallDelta = NonNullable<ChatCompletionChunk['choices'][number]['delta']['tool_calls']>[number];

/**
 * The output items of a Responses stream as event objects, numbered in one sequence: the message, reasoning items and
 * function calls as they open (output_item.added and their parts), their deltas, and their .done events as they close.
 * ResponsesStreamEncoder adds the response's own events and writes the message's text without these objects.
 * See docs/responses-api.md.
 */
export class OutputItemEvents {
  protected sequence = 0;
  protected readonly output: OutputItem[] = [];
  protected message: OpenMessage | undefined;
  protected reasoning: OpenText | undefined;
  protected readonly calls = new Map<number, { index: number; item: OutputFunctionCall }>();
  protected finish: FinishReason | null = null;

  constructor(
    protected readonly shell: ResponseObject,
    private readonly names: ReadonlyMap<string, ToolName>,
    private readonly itemIds: ItemIds,
  ) {}

  /** Closes every open item: their .done events. */
  protected closeItems(events: ResponsesEvent[]): void {
    this.closeText('reasoning', events);
    this.closeText('message', events);
    for (const { index, item } of this.calls.values()) {
      item.status = 'completed';
      events.push(
        this.event('response.function_call_arguments.done', {
          item_id: item.id,
          output_index: index,
          name: item.name,
          arguments: item.arguments,
        }),
      );
      events.push(this.event('response.output_item.done', { output_index: index, item }));
    }
    this.calls.clear();
  }

  protected textDelta(text: string, events: ResponsesEvent[]): void {
    this.closeText('reasoning', events);
    let message = this.message;
    if (!message) {
      message = this.openMessage();
      const { index, item } = message;
      events.push(this.event('response.output_item.added', { output_index: index, item: { ...item } }));
      events.push(
        this.event('response.content_part.added', {
          item_id: item.id,
          output_index: index,
          content_index: 0,
          part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
        }),
      );
    }
    message.text += text;
    message.escapedText = undefined;
    events.push(
      this.event('response.output_text.delta', {
        item_id: message.item.id,
        output_index: message.index,
        content_index: 0,
        delta: text,
        logprobs: [],
      }),
    );
  }

  /** The assistant message, added to the output (its opening events are the caller's). */
  protected openMessage(): OpenMessage {
    const item: OutputMessage = {
      id: this.itemIds('msg', this.output.length),
      type: 'message',
      status: 'in_progress',
      role: 'assistant',
      content: [],
    };
    const index = this.output.length;
    this.output.push(item);
    this.message = openedMessage(item, index);
    return this.message;
  }

  /** The message item as it ends: its text as its one content part. */
  protected finishMessage(item: OutputMessage, text: string): OutputMessage['content'][number] {
    const part = { type: 'output_text' as const, text, annotations: [], logprobs: [] };
    item.content = [part];
    item.status = this.finish === 'length' ? 'incomplete' : 'completed';
    return part;
  }

  protected reasoningDelta(text: string, events: ResponsesEvent[]): void {
    const open = this.openReasoning(events);
    open.text += text;
    const at = { item_id: open.item.id, output_index: open.index };
    if (summarises(this.shell)) {
      events.push(this.event('response.reasoning_summary_text.delta', { ...at, summary_index: 0, delta: text }));
      return;
    }
    events.push(this.event('response.reasoning_text.delta', { ...at, content_index: 0, delta: text }));
  }

  /** The reasoning item being streamed; a new one (and, for summaries, its summary part) when none is open. */
  protected openReasoning(events: ResponsesEvent[]): OpenText {
    if (this.reasoning) return this.reasoning;
    const item: OutputReasoning = { id: this.itemIds('rs', this.output.length), type: 'reasoning', summary: [] };
    if (!summarises(this.shell)) item.content = [];
    this.reasoning = { index: this.addItem(item, events), item, text: '', details: [] };
    if (summarises(this.shell)) {
      events.push(
        this.event('response.reasoning_summary_part.added', {
          item_id: item.id,
          output_index: this.reasoning.index,
          summary_index: 0,
          part: { type: 'summary_text', text: '' },
        }),
      );
    }
    return this.reasoning;
  }

  protected callDelta(call: ToolCallDelta, events: ResponsesEvent[]): void {
    let open = this.calls.get(call.index);
    if (!open) {
      this.closeText('reasoning', events);
      this.closeText('message', events);
      const flat = call.function?.name ?? '';
      const item: OutputFunctionCall = {
        id: this.itemIds('fc', this.output.length),
        type: 'function_call',
        status: 'in_progress',
        call_id: call.id ?? `call_${newItemId('fc').slice(3, 27)}`,
        ...clientToolName(flat, this.names),
        arguments: '',
      };
      open = { index: this.addItem(item, events), item };
      this.calls.set(call.index, open);
    }
    const piece = call.function?.arguments ?? '';
    if (piece === '') return;
    open.item.arguments += piece;
    events.push(
      this.event('response.function_call_arguments.delta', {
        item_id: open.item.id,
        output_index: open.index,
        delta: piece,
      }),
    );
  }

  private closeText(which: 'message' | 'reasoning', events: ResponsesEvent[]): void {
    const open = this[which];
    if (!open) return;
    this[which] = undefined;
    const { index, item, text } = open;
    if (item.type === 'reasoning') {
      events.push(...this.closeReasoning(index, item, open));
      return;
    }
    const part = this.finishMessage(item, text);
    const at = { item_id: item.id, output_index: index, content_index: 0 };
    events.push(this.event('response.output_text.done', { ...at, text, logprobs: [] }));
    events.push(this.event('response.content_part.done', { ...at, part }));
    events.push(this.event('response.output_item.done', { output_index: index, item }));
  }

  /** A reasoning item's .done events; the item takes its final text and its details as encrypted_content. */
  private closeReasoning(index: number, item: OutputReasoning, open: OpenText): ResponsesEvent[] {
    const { text, details } = open;
    Object.assign(item, reasoningItem(item.id, text, details, this.shell));
    const at = { item_id: item.id, output_index: index };
    const done = summarises(this.shell)
      ? [
          this.event('response.reasoning_summary_text.done', { ...at, summary_index: 0, text }),
          this.event('response.reasoning_summary_part.done', {
            ...at,
            summary_index: 0,
            part: { type: 'summary_text', text },
          }),
        ]
      : [this.event('response.reasoning_text.done', { ...at, content_index: 0, text })];
    return [...done, this.event('response.output_item.done', { output_index: index, item })];
  }

  private addItem(item: OutputItem, events: ResponsesEvent[]): number {
    const index = this.output.length;
    this.output.push(item);
    // A copy as the item stands: its fields are replaced, never changed in place, as it streams.
    events.push(this.event('response.output_item.added', { output_index: index, item: { ...item } }));
    return index;
  }

  protected event(type: string, fields: Record<string, unknown>): ResponsesEvent {
    const event = { type, sequence_number: this.sequence, ...fields };
    this.sequence += 1;
    return event;
  }
}
