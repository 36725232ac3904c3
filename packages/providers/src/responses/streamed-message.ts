import type { ReasoningDetail } from '../reasoning';
import { messageClosedText, messageItemJson, outputTextPartJson } from './message-events-text';
import type { OutputItem, OutputMessage, OutputReasoning } from './response-object';

/** An output item whose text streams: the assistant message or a reasoning item. */
export interface OpenText {
  index: number;
  item: OutputMessage | OutputReasoning;
  text: string;
  /** Of a reasoning item: its finished blocks with their signatures, to become its encrypted_content. */
  details: ReasoningDetail[];
}

/** The assistant message being streamed, with the JSON its events repeat computed once. */
export interface OpenMessage extends OpenText {
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
export interface SerialisedItem {
  item: OutputItem;
  json: string;
}

/** The message `item`, at `index` of the output, as it starts streaming: no text yet. */
export function openedMessage(item: OutputMessage, index: number): OpenMessage {
  const idJson = JSON.stringify(item.id);
  const deltaFields = `,"item_id":${idJson},"output_index":${index},"content_index":0,"delta":`;
  return { index, item, text: '', details: [], idJson, deltaFields, escapedText: '' };
}

/**
 * A finished message's three closing events as text from `sequence` (messageClosedText), and its item serialised, its
 * text's JSON taken from the escaped deltas when they still make it.
 */
export function closedMessageText(open: OpenMessage, sequence: number): { text: string; item: SerialisedItem } {
  const { index, item, text, escapedText, idJson } = open;
  const textJson = escapedText === undefined ? JSON.stringify(text) : `"${escapedText}"`;
  const partJson = outputTextPartJson(textJson);
  const itemJson = messageItemJson(idJson, item.status, partJson);
  return {
    text: messageClosedText(sequence, idJson, index, { text: textJson, part: partJson, item: itemJson }),
    item: { item, json: itemJson },
  };
}
