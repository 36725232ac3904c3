import type { ChatCompletionChunk } from '../openai-response-types';

type Choice = ChatCompletionChunk['choices'][number];
type Fields = Record<string, unknown>;

/**
 * The text a stream's text-only chunks share around their content. OpenAI writes every text delta of a stream as the
 * same JSON but for the content's string literal; a chunk whose text is this template's prefix, one JSON string literal
 * and its suffix parses to the template's chunk with that content, so it is read without parsing or checking the chunk
 * again. Taken from a chunk readPlainChatChunk accepted — one choice, a delta of content alone, no finish reason, every
 * other field a plain value — whose text is exactly its own JSON.stringify, which is what places the literal.
 */
export class TextDeltaTemplate {
  private constructor(
    private readonly prefix: string,
    private readonly suffix: string,
    private readonly chunk: ChatCompletionChunk,
    private readonly choice: Choice,
  ) {}

  /** Whether a checked chunk is of the template's shape: one choice, a delta of content alone, plain other fields. */
  static fits(chunk: ChatCompletionChunk): boolean {
    const [choice, ...others] = chunk.choices;
    if (choice === undefined || others.length > 0 || choice.finish_reason !== null) return false;
    if (typeof choice.delta.content !== 'string' || !onlyContent(choice.delta)) return false;
    return plainValues(chunk, 'choices') && plainValues(choice, 'delta');
  }

  /** The template of a chunk that fits and its text; undefined when the text is not the chunk's JSON.stringify. */
  static of(text: string, chunk: ChatCompletionChunk): TextDeltaTemplate | undefined {
    const [choice] = chunk.choices;
    if (choice === undefined || JSON.stringify(chunk) !== text) return undefined;
    const withContent = (content: string) =>
      JSON.stringify({ ...chunk, choices: [{ ...choice, delta: { ...choice.delta, content } }] });
    // The prefix ends where "" and "x" as the content first differ, after the literal's opening quote.
    const empty = withContent('');
    const one = withContent('x');
    let at = 0;
    while (empty[at] === one[at]) at += 1;
    const copy = { ...choice, delta: { ...choice.delta } };
    return new TextDeltaTemplate(empty.slice(0, at - 1), empty.slice(at + 1), { ...chunk }, copy);
  }

  /** The chunk a text of this template carries; undefined for any other text (it is then parsed as usual). */
  read(text: string): ChatCompletionChunk | undefined {
    const end = text.length - this.suffix.length;
    if (end - this.prefix.length < 2) return undefined;
    // Sliced and compared whole: V8 compares two strings far faster than startsWith walks a long prefix.
    if (text.slice(0, this.prefix.length) !== this.prefix || text.slice(end) !== this.suffix) return undefined;
    const content = stringLiteralValue(text.slice(this.prefix.length, end));
    if (content === undefined) return undefined;
    return { ...this.chunk, choices: [{ ...this.choice, delta: { ...this.choice.delta, content } }] };
  }
}

/** The string a JSON text holds when it is one string literal; undefined otherwise. */
function stringLiteralValue(literal: string): string | undefined {
  if (isPlainLiteral(literal)) return literal.slice(1, -1);
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON string literal with nothing to unescape (no quote, backslash or control character): its text is its value. */
function isPlainLiteral(literal: string): boolean {
  const last = literal.length - 1;
  if (last < 1 || literal.charCodeAt(0) !== QUOTE || literal.charCodeAt(last) !== QUOTE) return false;
  for (let index = 1; index < last; index += 1) {
    const code = literal.charCodeAt(index);
    if (code < 0x20 || code === QUOTE || code === BACKSLASH) return false;
  }
  return true;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A delta that carries its content and nothing else (readPlainChatChunk leaves a null role as undefined). */
function onlyContent(delta: Choice['delta']): boolean {
  for (const [key, value] of Object.entries(delta)) if (key !== 'content' && value !== undefined) return false;
  return true;
}

/** Every field but `nested` is null or a string, number or boolean: copies of the object share nothing mutable. */
function plainValues(fields: object, nested: string): boolean {
  for (const [key, value] of Object.entries(fields as Fields)) {
    if (key !== nested && typeof value === 'object' && value !== null) return false;
  }
  return true;
}
