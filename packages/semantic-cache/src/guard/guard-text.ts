/** A text split for the guard: each token in its original case and in lower case, with sentence starts marked. */
export interface GuardText {
  tokens: string[];
  lower: string[];
  /** Indexes of tokens that begin a sentence (their capital letter says nothing). */
  sentenceStarts: Set<number>;
  /** Lower-case tokens, for "does the other text mention this?" */
  vocabulary: Set<string>;
}

const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bcan['’]t\b/gi, 'can not'],
  [/\bwon['’]t\b/gi, 'will not'],
  [/\bshan['’]t\b/gi, 'shall not'],
  [/\bcannot\b/gi, 'can not'],
  [/n['’]t\b/gi, ' not'],
];

// A word, a number with its decimal point, or an identifier such as gpt-4o, file_name.ts or 2FA.
const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{N}'’._-]*[\p{L}\p{N}])?/gu;

export function readGuardText(text: string): GuardText {
  let normal = text.normalize('NFKC');
  for (const [pattern, replacement] of CONTRACTIONS) normal = normal.replace(pattern, replacement);
  normal = normal.replace(/(\d),(?=\d{3}\b)/g, '$1');
  const tokens: string[] = [];
  const sentenceStarts = new Set<number>();
  let atStart = true;
  let last = 0;
  for (const match of normal.matchAll(TOKEN)) {
    const between = normal.slice(last, match.index);
    if (/[.!?:;\n]\s*$|^\s*[-*•]\s*$/.test(between)) atStart = true;
    if (atStart) sentenceStarts.add(tokens.length);
    atStart = false;
    tokens.push(match[0].replace(/['’]s$/i, ''));
    last = match.index + match[0].length;
  }
  const lower = tokens.map((token) => token.toLowerCase());
  return { tokens, lower, sentenceStarts, vocabulary: new Set(lower) };
}
