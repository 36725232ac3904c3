import type { FinishReason, Usage } from '../openai-response-types';

/** What a chunk that only opens or closes an answer says. */
export type EnvelopeChunk =
  /** The first chunk (`"delta":{"role":"assistant","content":""}`): the model its envelope names. */
  | { opening: true; model: string }
  /** The finish (`"delta":{}`): its one choice's finish reason. */
  | { finish: FinishReason }
  /** The usage chunk (`"choices":[]`): the usage reported last. */
  | { usage: Usage | null };

/** Where a chunk's top-level choices start. */
const CHOICES_KEY = '"choices":';
/** What may follow the choices: `usage: null` and OpenAI's `obfuscation` padding, as TextChunkReader's CHUNK_END. */
const AFTER_CHOICES = '(?:,"usage":null)?(?:,"obfuscation":"[\\w+/=-]*")?(?:,"usage":null)?\\}$';
const OPENING_CHOICE = new RegExp(
  `"choices":\\[\\{"index":0,"delta":\\{"role":"assistant","content":""(?:,"refusal":null)?\\},(?:"logprobs":null,)?"finish_reason":null\\}\\]${AFTER_CHOICES}`,
  'y',
);
const FINISH_CHOICE = new RegExp(
  `"choices":\\[\\{"index":0,"delta":\\{\\},(?:"logprobs":null,)?"finish_reason":"(stop|length|tool_calls|content_filter|function_call)"\\}\\]${AFTER_CHOICES}`,
  'y',
);
/** A usage-only chunk's choices and the key of its usage, whose value runs to the chunk's closing brace. */
const USAGE_HEAD = '"choices":[],"usage":';
/** OpenAI's padding, when it follows the usage. */
const OBFUSCATION_END = /,"obfuscation":"[\w+/=-]*"$/;
const MODEL_KEY = '"model":';

/**
 * Reads the chunks that open and close a stream — the first (the role, empty content), the finish and the usage
 * chunk — without parsing them whole. The chunks of one stream repeat one envelope (id, created, model…) before their
 * choices; it is taken from the first chunk when it holds no object or array past its opening brace (so the
 * `"choices":` found is the top-level key). Every chunk is valid JSON (the worker parsed it), so a chunk that starts
 * with the envelope (which ends inside the top-level object, where a key comes next) and goes on with one of these
 * shapes to its end is that shape.
 */
export class ChunkEnvelopeReader {
  private envelope: string | undefined;

  /** What the chunk's JSON text says when it is one of these shapes; undefined for any other (the caller parses it). */
  read(data: string): EnvelopeChunk | undefined {
    const envelope = this.envelope;
    if (envelope === undefined) return this.opening(data);
    if (data.substring(0, envelope.length) !== envelope) return undefined;
    if (data.startsWith(USAGE_HEAD, envelope.length))
      return usageOf(data.slice(envelope.length + USAGE_HEAD.length, -1));
    FINISH_CHOICE.lastIndex = envelope.length;
    const finish = FINISH_CHOICE.exec(data)?.[1] as FinishReason | undefined;
    return finish === undefined ? undefined : { finish };
  }

  /** The first chunk of the stream when it only opens the message; takes its envelope. */
  private opening(data: string): EnvelopeChunk | undefined {
    const at = data.indexOf(CHOICES_KEY);
    if (at < 1 || data[at - 1] !== ',') return undefined;
    const braceAt = data.indexOf('{', 1);
    const bracketAt = data.indexOf('[');
    if (braceAt < at || (bracketAt !== -1 && bracketAt < at)) return undefined;
    OPENING_CHOICE.lastIndex = at;
    if (!OPENING_CHOICE.test(data)) return undefined;
    const envelope = data.substring(0, at);
    const model = modelOf(envelope);
    if (model === null) return undefined;
    this.envelope = envelope;
    return { opening: true, model };
  }
}

/**
 * The model an envelope of scalars names, the value of its last `"model"` key (JSON.parse takes a repeated key's
 * last); null when that cannot be told without parsing: a backslash anywhere (an escaped key or quote), no such key as
 * written (it may be spaced or escaped), or a value that is not a string. Without a backslash every quote delimits a
 * string, so `"model":` is a key and its value's quotes are the next two.
 */
function modelOf(envelope: string): string | null {
  if (envelope.includes('\\')) return null;
  const valueAt = envelope.lastIndexOf(MODEL_KEY) + MODEL_KEY.length;
  if (valueAt < MODEL_KEY.length || envelope[valueAt] !== '"') return null;
  return envelope.slice(valueAt + 1, envelope.indexOf('"', valueAt + 1));
}

/** The usage of a usage-only chunk, from the text after its key; undefined when more than the usage follows it. */
function usageOf(text: string): EnvelopeChunk | undefined {
  const value = text.endsWith('"') ? text.replace(OBFUSCATION_END, '') : text;
  try {
    return { usage: JSON.parse(value) as Usage | null };
  } catch {
    return undefined;
  }
}
