import type { ChatCompletionChunk } from '../openai-response-types';

/** Where a chunk's only choice starts, when it adds text and nothing else. */
const TEXT_CHOICE = '"choices":[{"index":0,"delta":{"content":"';
/** How such a choice ends: no finish reason. */
const CHOICE_ENDS = ['"},"finish_reason":null}]', '"},"logprobs":null,"finish_reason":null}]'];
/** What may follow the choices: `usage: null` (streams that report usage last) and OpenAI's `obfuscation` padding. */
const CHUNK_END = /^(?:,"usage":null)?(?:,"obfuscation":"[\w+/=-]*")?(?:,"usage":null)?\}$/;

/**
 * The content of an OpenAI chat chunk's JSON text as its JSON string literal (quotes included), when the chunk only
 * adds text to choice 0 — `…"choices":[{"index":0,"delta":{"content":"…"},"finish_reason":null}]}`, with no usage —
 * else undefined (the caller then parses the chunk). Read without parsing the chunk: of valid JSON, the match is the
 * top-level `choices` key (its quotes are unescaped, it follows `{` or `,`, and the object ends right after it).
 */
export function chunkTextLiteral(data: string): string | undefined {
  return new TextChunkReader().literal(data);
}

/**
 * chunkTextLiteral for the chunks of one stream, which repeat one envelope (id, created, model…) before their choices:
 * a chunk that starts with the envelope of the last one read as text-only is looked at from its choices on.
 */
export class TextChunkReader {
  private envelope = '';

  literal(data: string): string | undefined {
    const known =
      this.envelope !== '' &&
      data.startsWith(TEXT_CHOICE, this.envelope.length) &&
      data.substring(0, this.envelope.length) === this.envelope;
    const at = known ? this.envelope.length : data.indexOf(TEXT_CHOICE);
    if (!known && (at < 1 || (data[at - 1] !== ',' && data[at - 1] !== '{'))) return undefined;
    const start = at + TEXT_CHOICE.length - 1;
    const end = closingQuote(data, start + 1);
    if (end === -1) return undefined;
    const ending = CHOICE_ENDS.find((choiceEnd) => data.substring(end, end + choiceEnd.length) === choiceEnd);
    if (ending === undefined || !CHUNK_END.test(data.substring(end + ending.length))) return undefined;
    if (!known) {
      if (data.lastIndexOf('"usage":', at) !== -1) return undefined;
      this.envelope = data.substring(0, at);
    }
    return data.slice(start, end + 1);
  }
}

/** The index of the quote that ends a JSON string whose text starts at `from`, or -1. */
function closingQuote(data: string, from: number): number {
  for (let index = data.indexOf('"', from); index !== -1; index = data.indexOf('"', index + 1)) {
    let backslashes = 0;
    while (data.charCodeAt(index - 1 - backslashes) === 92) backslashes += 1;
    if (backslashes % 2 === 0) return index;
  }
  return -1;
}

/**
 * The text of a chunk that adds only text to the message (no finish, usage, tool call or reasoning), else undefined:
 * what encode() would turn into one response.output_text.delta and nothing else.
 */
export function addedTextOf(chunk: ChatCompletionChunk): string | undefined {
  if (chunk.usage || chunk.choices.length !== 1) return undefined;
  const choice = chunk.choices[0];
  if (choice?.index !== 0 || choice.finish_reason) return undefined;
  const { content, reasoning_content: reasoning, reasoning_details: details, tool_calls: calls } = choice.delta;
  if (typeof content !== 'string' || content === '') return undefined;
  if ((typeof reasoning === 'string' && reasoning !== '') || (details && details.length > 0)) return undefined;
  return calls && calls.length > 0 ? undefined : content;
}
