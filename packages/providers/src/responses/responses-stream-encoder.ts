import type { ChatCompletionChunk, FinishReason, Usage } from '../openai-response-types';
import type { ReasoningDetail } from '../reasoning';
import { addedTextOf, TextChunkReader } from './chunk-added-text';
import { ChunkEnvelopeReader, type EnvelopeChunk } from './chunk-envelope-reader';
import { clientToolName, reasoningItem, statusOfFinish, summarises } from './from-chat-completion';
import { messageClosedText, messageItemJson, messageOpenedText } from './message-events-text';
import { type ItemIds, newItemId, randomItemIds } from './response-item-ids';
import { ResponseJsonTemplate } from './response-json-template';
import type { OutputFunctionCall, OutputItem, OutputMessage, OutputReasoning, ResponseObject } from './response-object';
import { type ResponsesEvent, responsesEventsText } from './responses-event-text';
import type { ToolName } from './to-chat-tools';
import { responseUsageJson, toResponseUsage } from './to-response-usage';

interface OpenText {
  index: number;
  item: OutputMessage | OutputReasoning;
  text: string;
  /** Of a reasoning item: its finished blocks with their signatures, to become its encrypted_content. */
  details: ReasoningDetail[];
}

interface OpenMessage extends OpenText {
  item: OutputMessage;
  /** The item id's JSON. */
  idJson: string;
  /** The fields of its response.output_text.delta events between the sequence number and the delta. */
  deltaFields: string;
  /**
   * Its text's JSON without the quotes, the escaped pieces of its deltas joined: byte for byte JSON.stringify(text)'s
   * inside while every piece came as JSON.stringify's own literal and none holds a surrogate's escape (a pair split
   * between two pieces is escaped in each, whole in the text); undefined once one did not.
   */
  escapedText: string | undefined;
}

/** The finished message's output item, serialised: spliced into the finished response's output. */
interface SerialisedItem {
  item: OutputItem;
  json: string;
}

/** The finished response and its JSON text, byte for byte JSON.stringify(response). */
export interface FinishedResponse {
  response: ResponseObject;
  json: string;
}

/** The constant start of every response.output_text.delta event's text, up to its sequence number. */
const TEXT_DELTA_HEAD =
  'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":';

/** `"`: a relayed text literal starts with it, a chunk's JSON text never does. */
const QUOTE = 34;

/**
 * Per stream: OpenAI chat chunks as the Responses event sequence — response.created and response.in_progress,
 * then for each output item output_item.added, its content part or argument deltas as they arrive and their .done
 * events, output_item.done, and last response.completed / response.incomplete (or response.failed).
 * See docs/responses-api.md.
 */
export class ResponsesStreamEncoder {
  private sequence = 0;
  private started = false;
  private readonly output: OutputItem[] = [];
  private message: OpenMessage | undefined;
  private reasoning: OpenText | undefined;
  private readonly calls = new Map<number, { index: number; item: OutputFunctionCall }>();
  private finish: FinishReason | null = null;
  private usage: Usage | undefined;
  private model: string | undefined;
  private readonly textChunks = new TextChunkReader();
  private readonly envelopeChunks = new ChunkEnvelopeReader();
  /** The response's JSON with its changing fields left open, made when the text of its first event is. */
  private template: ResponseJsonTemplate | undefined;
  /** The model the response's JSON names, serialised once (it comes with the first chunk, after response.created). */
  private modelJson: { model: string; json: string } | undefined;
  /** The finished response's JSON, as endText wrote it. */
  private finishedJson: string | undefined;

  constructor(
    private readonly shell: ResponseObject,
    private readonly names: ReadonlyMap<string, ToolName>,
    private readonly itemIds: ItemIds = randomItemIds,
  ) {}

  encode(chunk: ChatCompletionChunk): ResponsesEvent[] {
    const events = this.start();
    if (chunk.model) this.model ??= chunk.model;
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices) {
      if (choice.index !== 0) continue;
      const delta = choice.delta;
      if (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '')
        this.reasoningDelta(delta.reasoning_content, events);
      if (delta.reasoning_details !== undefined && delta.reasoning_details.length > 0)
        this.openReasoning(events).details.push(...delta.reasoning_details);
      const text = delta.content ?? delta.refusal;
      if (typeof text === 'string' && text !== '') this.textDelta(text, events);
      for (const call of delta.tool_calls ?? []) this.callDelta(call, events);
      if (choice.finish_reason) this.finish = choice.finish_reason;
    }
    return events;
  }

  /**
   * A chat chunk's JSON text, or a text literal relayed in place of one, as encode()'s events in server-sent event
   * text, byte for byte. A chunk that only adds text to the message being streamed — nearly every chunk of an answer —
   * is neither parsed nor built into an event: its text's JSON literal goes between the message's precomputed event
   * fields.
   */
  encodeData(data: string): string {
    if (!this.started) return this.startText() + this.encodeData(data);
    if (data.charCodeAt(0) === QUOTE) return this.encodeTextLiteral(data);
    const envelopeChunk = this.envelopeChunks.read(data);
    if (envelopeChunk !== undefined) return this.takeEnvelopeChunk(envelopeChunk);
    const ready = this.message !== undefined && this.reasoning === undefined && this.model !== undefined;
    const literal = ready ? this.textChunks.literal(data) : undefined;
    if (literal === undefined) return this.encodeChunkText(JSON.parse(data) as ChatCompletionChunk);
    if (!literal.includes('\\')) return this.textDeltaText(literal.slice(1, -1), literal);
    const text = JSON.parse(literal) as string;
    return this.textDeltaText(text, JSON.stringify(text));
  }

  /**
   * A text literal the worker relayed in place of a chunk that only adds text (ProviderJob `responses.textLiterals`), as
   * encode() would give that chunk's events; it comes once a chunk naming the model did, and is JSON.stringify's own.
   */
  private encodeTextLiteral(literal: string): string {
    const text = literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
    if (!this.reasoning) return this.textAdded(text, literal, undefined);
    const events = this.start();
    this.textDelta(text, events);
    return responsesEventsText(events);
  }

  /**
   * A chunk that opens or closes the answer (the first, the finish, the usage) as encode() takes it, read without
   * parsing it (ChunkEnvelopeReader): the envelope's model, the finish reason, the usage; it adds no event.
   */
  private takeEnvelopeChunk(chunk: EnvelopeChunk): string {
    if ('opening' in chunk) {
      if (chunk.model) this.model ??= chunk.model;
    } else if ('finish' in chunk) this.finish = chunk.finish;
    else if (chunk.usage) this.usage = chunk.usage;
    return '';
  }

  /** encode()'s events as server-sent event text; a chunk that only adds text to the message skips the event objects. */
  private encodeChunkText(chunk: ChatCompletionChunk): string {
    const text = this.reasoning ? undefined : addedTextOf(chunk);
    if (text === undefined) return responsesEventsText(this.encode(chunk));
    return this.textAdded(text, JSON.stringify(text), chunk.model);
  }

  /**
   * encode()'s events for text added while no reasoning is open, as text: the response's start and the message's
   * opening (messageOpenedText) when they have not come yet, then the text's delta. As encode(), the response is created
   * before the chunk's model is taken, and empty text adds nothing.
   */
  private textAdded(text: string, literal: string, model: string | undefined): string {
    const started = this.message ? '' : this.startText();
    if (model) this.model ??= model;
    if (text === '') return started;
    return started + (this.message ? '' : this.openMessageText()) + this.textDeltaText(text, literal);
  }

  /** The response.output_text.delta event of the open message, as text; none for empty text (as encode()). */
  private textDeltaText(text: string, literal: string): string {
    const message = this.message;
    if (!message || text === '') return '';
    message.text += text;
    if (message.escapedText !== undefined)
      message.escapedText = literal.includes('\\ud') ? undefined : message.escapedText + literal.slice(1, -1);
    const sequence = this.sequence;
    this.sequence += 1;
    return `${TEXT_DELTA_HEAD}${sequence}${message.deltaFields}${literal},"logprobs":[]}\n\n`;
  }

  /**
   * end()'s events as server-sent event text, byte for byte; for an answer of text alone (no reasoning or call open),
   * the message's closing events are written from templates (messageClosedText) and its item's JSON goes into the
   * finished response's. Either way the finished response is serialised once (from the response's template), for its
   * closing event and for finishedResponse.
   */
  endText(): string {
    if (this.reasoning || this.calls.size > 0) {
      // An item is open: the response was created already.
      const events: ResponsesEvent[] = [];
      this.closeItems(events);
      return responsesEventsText(events) + this.closingText(undefined);
    }
    const started = this.startText();
    if (!this.message) return started + this.closingText(undefined);
    const closed = this.closeMessageText(this.message);
    return started + closed.text + this.closingText(closed.item);
  }

  /**
   * The finished response as endText wrote it in response.completed (or .incomplete), with that JSON text, so that it
   * is not serialised again (to be stored); undefined before, or when the answer ended through end().
   */
  finishedResponse(): FinishedResponse | undefined {
    return this.finishedJson === undefined ? undefined : { response: this.response(), json: this.finishedJson };
  }

  /**
   * response.completed, or response.incomplete when the limit cut the answer, as text, the finished response written
   * from the template with `serialised`'s JSON for that item of its output; keeps the JSON.
   */
  private closingText(serialised: SerialisedItem | undefined): string {
    const status = statusOfFinish(this.finish);
    const output = this.output.map((item) => (item === serialised?.item ? serialised.json : JSON.stringify(item)));
    const json = this.responseJson(
      `"${status.status}"`,
      status.incomplete_details === null ? 'null' : JSON.stringify(status.incomplete_details),
      `[${output.join(',')}]`,
      responseUsageJson(this.usage),
    );
    this.finishedJson = json;
    return this.responseEventText(closingType(status), json);
  }

  /** start()'s events as text: the response as created, serialised once for both, without their event objects. */
  private startText(): string {
    if (this.started) return '';
    this.started = true;
    const { shell } = this;
    const json = this.responseJson(
      `"${shell.status}"`,
      shell.incomplete_details === null ? 'null' : JSON.stringify(shell.incomplete_details),
      this.output.length === 0 ? '[]' : JSON.stringify(this.output),
      shell.usage === null ? 'null' : JSON.stringify(shell.usage),
    );
    return this.responseEventText('response.created', json) + this.responseEventText('response.in_progress', json);
  }

  /** The response's JSON text: the shell's with these fields' JSON, and the model as it stands (snapshot()'s). */
  private responseJson(status: string, incompleteDetails: string, output: string, usage: string): string {
    this.template ??= new ResponseJsonTemplate(this.shell);
    const model = this.model ?? this.shell.model;
    if (this.modelJson?.model !== model) this.modelJson = { model, json: JSON.stringify(model) };
    return this.template.json([status, incompleteDetails, this.modelJson.json, output, usage]);
  }

  /** An event that carries only a response, as text, the response's JSON given. */
  private responseEventText(type: string, responseJson: string): string {
    const sequence = this.sequence;
    this.sequence += 1;
    return `event: ${type}\ndata: {"type":"${type}","sequence_number":${sequence},"response":${responseJson}}\n\n`;
  }

  /** Closes every open item and ends with response.completed, or response.incomplete when the limit cut it. */
  end(): ResponsesEvent[] {
    const events = this.start();
    this.closeItems(events);
    events.push(this.closingEvent());
    return events;
  }

  /** Closes every open item: their .done events. */
  private closeItems(events: ResponsesEvent[]): void {
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

  /** response.completed, or response.incomplete when the limit cut the answer. */
  private closingEvent(): ResponsesEvent {
    const response = this.response();
    return this.event(closingType(response), { response });
  }

  /** Ends a stream that failed after it began: response.failed carrying the error. */
  fail(error: { code: string; message: string }): ResponsesEvent[] {
    const events = this.start();
    const response: ResponseObject = { ...this.snapshot(), status: 'failed', error };
    events.push(this.event('response.failed', { response }));
    return events;
  }

  /** The response as it stands: the finished one once the stream has ended. */
  response(): ResponseObject {
    return {
      ...this.snapshot(),
      ...statusOfFinish(this.finish),
      usage: toResponseUsage(this.usage),
    };
  }

  private snapshot(): ResponseObject {
    return { ...this.shell, model: this.model ?? this.shell.model, output: [...this.output] };
  }

  private start(): ResponsesEvent[] {
    if (this.started) return [];
    this.started = true;
    const response = this.snapshot();
    return [this.event('response.created', { response }), this.event('response.in_progress', { response })];
  }

  private textDelta(text: string, events: ResponsesEvent[]): void {
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
  private openMessage(): OpenMessage {
    const item: OutputMessage = {
      id: this.itemIds('msg', this.output.length),
      type: 'message',
      status: 'in_progress',
      role: 'assistant',
      content: [],
    };
    const index = this.output.length;
    this.output.push(item);
    const idJson = JSON.stringify(item.id);
    const deltaFields = `,"item_id":${idJson},"output_index":${index},"content_index":0,"delta":`;
    this.message = { index, item, text: '', details: [], idJson, deltaFields, escapedText: '' };
    return this.message;
  }

  /** openMessage, and its output_item.added and content_part.added events as text (messageOpenedText). */
  private openMessageText(): string {
    const { index, idJson } = this.openMessage();
    const text = messageOpenedText(this.sequence, idJson, index);
    this.sequence += 2;
    return text;
  }

  /** closeText of the message, its events as text (messageClosedText), and its item serialised. */
  private closeMessageText(open: OpenMessage): { text: string; item: SerialisedItem } {
    this.message = undefined;
    const { index, item, text, escapedText } = open;
    this.finishMessage(item, text);
    const textJson = escapedText === undefined ? JSON.stringify(text) : `"${escapedText}"`;
    const itemJson = messageItemJson(open.idJson, item.status, textJson);
    const closed = messageClosedText(this.sequence, open.idJson, index, textJson, itemJson);
    this.sequence += 3;
    return { text: closed, item: { item, json: itemJson } };
  }

  /** The message item as it ends: its text as its one content part. */
  private finishMessage(item: OutputMessage, text: string): OutputMessage['content'][number] {
    const part = { type: 'output_text' as const, text, annotations: [], logprobs: [] };
    item.content = [part];
    item.status = this.finish === 'length' ? 'incomplete' : 'completed';
    return part;
  }

  private reasoningDelta(text: string, events: ResponsesEvent[]): void {
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
  private openReasoning(events: ResponsesEvent[]): OpenText {
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

  private callDelta(
    call: NonNullable<ChatCompletionChunk['choices'][number]['delta']['tool_calls']>[number],
    events: ResponsesEvent[],
  ): void {
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

  private event(type: string, fields: Record<string, unknown>): ResponsesEvent {
    const event = { type, sequence_number: this.sequence, ...fields };
    this.sequence += 1;
    return event;
  }
}

/** The type of the event that ends a stream: response.incomplete when the limit cut the answer. */
function closingType(response: Pick<ResponseObject, 'status'>): string {
  return response.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
}
