import type { GuardText } from './guard-text';

const UNITS: Record<string, number> = {
  zero: 0,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  dozen: 12,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000 };
const ORDINALS: Record<string, string> = {
  first: '1st',
  second: '2nd',
  third: '3rd',
  fourth: '4th',
  fifth: '5th',
  sixth: '6th',
  seventh: '7th',
  eighth: '8th',
  ninth: '9th',
  tenth: '10th',
};

/**
 * The numbers a text mentions, normalised so that "2.50" equals "2.5", "1,000" equals "1000" and
 * "twenty five" equals "25"; identifiers with digits (2FA, gpt-4o, v2) are kept whole. "one" alone
 * is not counted ("which one"), only inside a compound ("one hundred").
 */
export function numberTokens(text: GuardText): string[] {
  const found: string[] = [];
  let run: string[] = [];
  const flush = () => {
    const value = wordsToNumber(run);
    if (value !== undefined) found.push(String(value));
    run = [];
  };
  for (const word of text.lower) {
    const isNumberWord = word in UNITS || word in SCALES || word === 'one' || (run.length > 0 && word === 'and');
    if (isNumberWord) {
      run.push(word);
      continue;
    }
    flush();
    if (word in ORDINALS) found.push(ORDINALS[word] as string);
    else if (/^\d+(?:\.\d+)?$/.test(word)) found.push(String(Number(word)));
    else if (/\d/.test(word)) found.push(word);
  }
  flush();
  return found.sort();
}

function wordsToNumber(words: readonly string[]): number | undefined {
  const meaningful = words.filter((word, index) => word !== 'and' || (index > 0 && index < words.length - 1));
  while (meaningful.at(-1) === 'and') meaningful.pop();
  if (meaningful.length === 0 || (meaningful.length === 1 && meaningful[0] === 'one')) return undefined;
  let total = 0;
  let current = 0;
  for (const word of meaningful) {
    if (word === 'and') continue;
    const scale = SCALES[word];
    if (scale === undefined) current += word === 'one' ? 1 : (UNITS[word] ?? 0);
    else if (scale === 100) current = (current || 1) * 100;
    else {
      total += (current || 1) * scale;
      current = 0;
    }
  }
  return total + current;
}
