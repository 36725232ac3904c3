import type { ChatCompletionChunk, Usage } from '../openai-response-types';
import { addedTextOf, TextChunkReader } from './chunk-added-text';
import { ChunkEnvelopeReader, type EnvelopeChunk } from './chunk-envelope-reader';
import { statusOfFinish } from './from-chat-completion';
import { messageOpenedText } from './message-events-text';
import { OutputItemEvents } from './output-item-events';
import { type ItemIds, randomItemIds } from './response-item-ids';
import { ResponseJsonTemplate } from './response-json-template';
import type { ResponseObject } from './response-object';
import { type ResponsesEvent, responsesEventsText } from './responses-event-text';
import { closedMessageText, type OpenMessage, type SerialisedItem } from './streamed-message';
import type { ToolName } from './to-chat-tools';
import { responseUsageJson, toResponseUsage } from './to-response-usage';

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
 * events, output_item.done, and last response.completed / response.incomplete (or response.failed). The items' event
 * objects are OutputItemEvents'; this class adds the response's events, and writes the message's as text unbuilt.
 * See docs/responses-api.md.
 */
export class ResponsesStreamEncoder extends OutputItemEvents {
  private started = false;
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

  constructor(shell: ResponseObject, names: ReadonlyMap<string, ToolName>, itemIds: ItemIds = randomItemIds) {
    super(shell, names, itemIds);
  }

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

  /** openMessage, and its output_item.added and content_part.added events as text (messageOpenedText). */
  private openMessageText(): string {
    const { index, idJson } = this.openMessage();
    const text = messageOpenedText(this.sequence, idJson, index);
    this.sequence += 2;
    return text;
  }

  /** closeText of the message, its events as text (closedMessageText), and its item serialised. */
  private closeMessageText(open: OpenMessage): { text: string; item: SerialisedItem } {
    this.message = undefined;
    this.finishMessage(open.item, open.text);
    const closed = closedMessageText(open, this.sequence);
    this.sequence += 3;
    return closed;
  }
}

/** The type of the event that ends a stream: response.incomplete when the limit cut the answer. */
function closingType(response: Pick<ResponseObject, 'status'>): string {
  return response.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
}
