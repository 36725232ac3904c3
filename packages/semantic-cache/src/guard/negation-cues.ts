import type { GuardText } from './guard-text';

/** Words that negate or exclude, after contractions are expanded (don't → do not). */
const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'none',
  'nobody',
  'nothing',
  'nowhere',
  'neither',
  'nor',
  'without',
  'except',
  'excluding',
]);

/** How many negation cues a text has: two texts that differ in it are not asking the same thing. */
export function negationCount(text: GuardText): number {
  return text.lower.filter((word) => NEGATIONS.has(word)).length;
}
