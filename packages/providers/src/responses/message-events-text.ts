import type { OutputMessage } from './response-object';

/**
 * The events that open and close a streamed assistant message, as server-sent event text written from templates:
 * byte for byte what responsesEventText writes for the event objects ResponsesStreamEncoder builds for them
 * (output_item.added, content_part.added; output_text.done, content_part.done, output_item.done), without building
 * and serialising the objects, and with the message's text serialised once. `idJson` is the item id's JSON, `textJson`
 * the text's.
 */
export function messageOpenedText(sequence: number, idJson: string, outputIndex: number): string {
  return (
    `event: response.output_item.added\ndata: {"type":"response.output_item.added","sequence_number":${sequence},"output_index":${outputIndex},"item":{"id":${idJson},"type":"message","status":"in_progress","role":"assistant","content":[]}}\n\n` +
    `event: response.content_part.added\ndata: {"type":"response.content_part.added","sequence_number":${sequence + 1},"item_id":${idJson},"output_index":${outputIndex},"content_index":0,"part":{"type":"output_text","text":"","annotations":[],"logprobs":[]}}\n\n`
  );
}

/**
 * A finished message's output_text content part, its text's JSON given: what content_part.done and the item carry.
 */
export function outputTextPartJson(textJson: string): string {
  return `{"type":"output_text","text":${textJson},"annotations":[],"logprobs":[]}`;
}

/** The finished message item's JSON, its content part's given: what output_item.done and the finished response carry. */
export function messageItemJson(idJson: string, status: OutputMessage['status'], partJson: string): string {
  return `{"id":${idJson},"type":"message","status":"${status}","role":"assistant","content":[${partJson}]}`;
}

/** The message's closing events, its text's, its content part's (outputTextPartJson) and its item's JSON given. */
export function messageClosedText(
  sequence: number,
  idJson: string,
  outputIndex: number,
  json: { text: string; part: string; item: string },
): string {
  const at = `"item_id":${idJson},"output_index":${outputIndex},"content_index":0`;
  return (
    `event: response.output_text.done\ndata: {"type":"response.output_text.done","sequence_number":${sequence},${at},"text":${json.text},"logprobs":[]}\n\n` +
    `event: response.content_part.done\ndata: {"type":"response.content_part.done","sequence_number":${sequence + 1},${at},"part":${json.part}}\n\n` +
    `event: response.output_item.done\ndata: {"type":"response.output_item.done","sequence_number":${sequence + 2},"output_index":${outputIndex},"item":${json.item}}\n\n`
  );
}
