import type { GuardText } from './guard-text';

const PREFIXES = ['un', 'dis', 'de', 'non'];
const FUNCTION_WORDS = new Set(['do', 'did', 'does', 'done', 'able', 'like', 'less']);

/**
 * A word one text uses with a negating prefix and the other without it: archive / unarchive,
 * freeze / unfreeze, like / dislike. Returns the pair, or undefined.
 */
export function prefixOpposite(left: GuardText, right: GuardText): [string, string] | undefined {
  return oneWay(left, right) ?? oneWay(right, left);
}

function oneWay(prefixed: GuardText, plain: GuardText): [string, string] | undefined {
  for (const word of prefixed.vocabulary) {
    if (plain.vocabulary.has(word)) continue;
    for (const prefix of PREFIXES) {
      const base = word.slice(prefix.length);
      if (!word.startsWith(prefix) || base.length < 3 || FUNCTION_WORDS.has(base)) continue;
      if (plain.vocabulary.has(base) && !prefixed.vocabulary.has(base)) return [word, base];
    }
  }
  return undefined;
}
