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

/** Longest run without whitespace handed to the encoder in one piece (docs/limits-and-input.md). */
const MAX_PIECE_CHARS = 64;
const LONG_RUN = new RegExp(`\\S{${MAX_PIECE_CHARS + 1},}`, 'g');

/**
 * The text in pieces the encoder can take in time linear in the text: byte-pair merging is quadratic in the length
 * of a run without whitespace (8,000 of one letter took seconds, a page of Chinese minutes), so runs longer than
 * MAX_PIECE_CHARS are cut into pieces of that length, never inside a surrogate pair. A count over the pieces is the
 * exact count for ordinary text and within a few tokens per cut for long runs.
 */
function boundedPieces(text: string): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (const run of text.matchAll(LONG_RUN)) {
    const start = run.index;
    if (start > from) pieces.push(text.slice(from, start));
    const end = start + run[0].length;
    let cut = start;
    while (cut < end) {
      let next = Math.min(end, cut + MAX_PIECE_CHARS);
      if (next < end && isHighSurrogate(text.charCodeAt(next - 1))) next += 1;
      pieces.push(text.slice(cut, next));
      cut = next;
    }
    from = end;
  }
  if (from < text.length) pieces.push(text.slice(from));
  return pieces;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function encodedLength(encoder: Tiktoken, text: string): number {
  let total = 0;
  for (const piece of boundedPieces(text)) total += encoder.encode(piece).length;
  return total;
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
