const LOWER_A = 97;
const LOWER_Z = 122;
const UPPER_A = 65;
const UPPER_Z = 90;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
/** Letters per token assumed in a run of ASCII letters; English prose averages about 4.5. */
const LETTERS_PER_TOKEN = 3;
/** Digits per token: the GPT tokenizers split numbers into groups of up to three. */
const DIGITS_PER_TOKEN = 3;

/**
 * How many tokens a text is, estimated in one pass over it, in time linear in its length and with no allocation, so
 * no input can hold up the ingress the way a BPE tokenizer does on a long run of one character. Runs of ASCII letters
 * count one token per three letters (a new run starts where a capital follows a small letter), runs of digits one per
 * three (and one for the whitespace before them, which the tokenizers do not merge into a number), every other ASCII
 * character but whitespace one, characters of two UTF-8 bytes half, and every other UTF-16
 * code unit one. Against the o200k and cl100k tokenizers this over-counts prose, code and JSON by 1.5–2.5× and stays
 * within about 15% on CJK, Cyrillic and digits; random letters are the worst case, at about 0.6×
 * (docs/limits-and-input.md).
 */
export function estimateTextTokens(text: string): number {
  let tokens = 0;
  let letters = 0;
  let digits = 0;
  let previousLower = false;
  let afterWhitespace = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const lower = code >= LOWER_A && code <= LOWER_Z;
    const upper = code >= UPPER_A && code <= UPPER_Z;
    if (lower || upper) {
      if (digits > 0 || (upper && previousLower)) {
        tokens += runTokens(letters, digits);
        letters = 0;
        digits = 0;
      }
      letters += 1;
      previousLower = lower;
      afterWhitespace = false;
      continue;
    }
    previousLower = false;
    if (code >= DIGIT_0 && code <= DIGIT_9) {
      if (letters > 0) {
        tokens += runTokens(letters, 0);
        letters = 0;
      }
      if (afterWhitespace) tokens += 1;
      afterWhitespace = false;
      digits += 1;
      continue;
    }
    tokens += runTokens(letters, digits) + characterTokens(code);
    letters = 0;
    digits = 0;
    afterWhitespace = isWhitespace(code);
  }
  return Math.ceil(tokens + runTokens(letters, digits));
}

function runTokens(letters: number, digits: number): number {
  return Math.ceil(letters / LETTERS_PER_TOKEN) + Math.ceil(digits / DIGITS_PER_TOKEN);
}

/** One character that is neither an ASCII letter nor a digit. */
function characterTokens(code: number): number {
  if (isWhitespace(code)) return 0;
  if (code < 0x80) return 1;
  if (code < 0x800) return 0.5;
  return 1;
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
