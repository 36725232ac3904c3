import { Tiktoken } from 'js-tiktoken/lite';
import { normalizeModelName } from './pricing/normalize-model-name';

/** The BPE vocabularies bundled with js-tiktoken that Sluice uses; both load from the package, offline. */
export type TokenEncodingName = 'o200k_base' | 'cl100k_base';

const CL100K_MODELS = /^(gpt-4(?!o|\.)|gpt-3\.5|text-embedding-)/;

/**
 * The encoding a model counts with: cl100k_base for GPT-4, GPT-3.5 and the text-embedding models, o200k_base for
 * GPT-4o, GPT-4.1, GPT-5 and the o-series. Other providers' tokenizers are not public, so their models are
 * estimated with o200k_base.
 */
export function encodingForModel(model: string): TokenEncodingName {
  return CL100K_MODELS.test(normalizeModelName(model)) ? 'cl100k_base' : 'o200k_base';
}

const encoders = new Map<TokenEncodingName, Promise<Tiktoken>>();

/** The encoder for a vocabulary, loaded once on first use (o200k_base is ~2 MB, so it is not loaded eagerly). */
function loadEncoder(name: TokenEncodingName): Promise<Tiktoken> {
  let encoder = encoders.get(name);
  if (encoder === undefined) {
    encoder = loadRanks(name).then((ranks) => new Tiktoken(ranks));
    encoders.set(name, encoder);
  }
  return encoder;
}

async function loadRanks(name: TokenEncodingName) {
  const module =
    name === 'o200k_base'
      ? await import('js-tiktoken/ranks/o200k_base')
      : await import('js-tiktoken/ranks/cl100k_base');
  return module.default;
}

/** Longest run of letters, or of punctuation, handed to the encoder as one piece (docs/limits-and-input.md). */
const MAX_PIECE_CHARS = 16;
/** The runs the encoder's pre-tokenizer keeps whole, and byte-pair merges in time quadratic in their length. */
const LONG_PIECE = new RegExp(
  `[\\p{L}\\p{M}]{${MAX_PIECE_CHARS + 1},}|[^\\s\\p{L}\\p{M}\\p{N}]{${MAX_PIECE_CHARS + 1},}`,
  'gu',
);

/** Longer texts are counted over their first this many characters and scaled up: the work per text is bounded. */
const MAX_EXACT_CHARS = 50_000;

/**
 * The number of tokens the encoder gives `text`, in time linear in the text and bounded by MAX_EXACT_CHARS. Byte-pair merging is quadratic in the
 * length of one run of letters (8,000 of one letter took seconds, a page of Chinese minutes), so a newline is put
 * after every MAX_PIECE_CHARS characters of such a run (never inside a surrogate pair), which the encoder's
 * pre-tokenizer always splits at, and the newlines are taken off the count again. Words, numbers, URLs and JSON are
 * counted exactly; a long run is within one token per cut. The encoder is called once: it compiles its pattern on
 * every call.
 */
function encodedLength(encoder: Tiktoken, text: string): number {
  if (text.length > MAX_EXACT_CHARS) {
    const head = encodedLength(encoder, text.slice(0, MAX_EXACT_CHARS));
    return Math.ceil((head * text.length) / MAX_EXACT_CHARS);
  }
  let cuts = 0;
  const bounded = text.replace(LONG_PIECE, (run) => {
    const pieces: string[] = [];
    for (let from = 0; from < run.length; ) {
      let to = Math.min(run.length, from + MAX_PIECE_CHARS);
      if (to < run.length && isHighSurrogate(run.charCodeAt(to - 1))) to += 1;
      pieces.push(run.slice(from, to));
      from = to;
    }
    cuts += pieces.length - 1;
    return pieces.join('\n');
  });
  return Math.max(0, encoder.encode(bounded).length - cuts);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** How many tokens `text` is for `model`, by its real tokenizer where public, in time linear in the text. */
export async function countTokens(text: string, model: string): Promise<number> {
  if (text === '') return 0;
  const encoder = await loadEncoder(encodingForModel(model));
  return encodedLength(encoder, text);
}

export interface ChatMessageText {
  role: string;
  content: string;
  name?: string;
}

/**
 * Prompt tokens of a chat request the way OpenAI counts them: each message's role, content and name, plus 3
 * tokens of framing per message (1 more with a name) and 3 that prime the reply.
 */
export async function countChatTokens(messages: readonly ChatMessageText[], model: string): Promise<number> {
  const encoder = await loadEncoder(encodingForModel(model));
  let total = 3;
  for (const message of messages) {
    total += 3 + encodedLength(encoder, message.role) + encodedLength(encoder, message.content);
    if (message.name !== undefined) total += 1 + encodedLength(encoder, message.name);
  }
  return total;
}
