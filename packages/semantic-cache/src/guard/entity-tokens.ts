import type { GuardText } from './guard-text';

/**
 * Words that name something: capitalised words inside a sentence (Paris, Kubernetes), acronyms
 * (AWS, SQL) and code-like identifiers (snake_case, camelCase, file.ts). Words with digits are
 * the number check's.
 * A sentence's first word says nothing by its capital; in Title Case text no capital does.
 * Lower case, for comparison.
 */
export function entityTokens(text: GuardText): Set<string> {
  const titleCase = isTitleCase(text);
  const entities = new Set<string>();
  text.tokens.forEach((token, index) => {
    if (token === 'I') return;
    const acronym = token.length >= 2 && /^[\p{Lu}\p{N}]+$/u.test(token) && /\p{Lu}/u.test(token);
    const codeLike = /\p{Ll}\p{Lu}|[_.]\p{L}|\p{L}[_.]/u.test(token);
    const named = !titleCase && /^\p{Lu}/u.test(token) && !text.sentenceStarts.has(index);
    if (acronym || codeLike || named) entities.add(text.lower[index] as string);
  });
  return entities;
}

function isTitleCase(text: GuardText): boolean {
  const words = text.tokens.filter((token, index) => !text.sentenceStarts.has(index) && /^\p{L}{4,}$/u.test(token));
  if (words.length < 3) return false;
  return words.filter((word) => /^\p{Lu}/u.test(word)).length / words.length >= 0.6;
}
