import { entityTokens } from './guard/entity-tokens';
import { type GuardText, readGuardText } from './guard/guard-text';
import { negationCount } from './guard/negation-cues';
import { numberTokens } from './guard/number-tokens';
import { polaritySides } from './guard/polarity-words';
import { prefixOpposite } from './guard/prefix-opposites';

export type GuardRefusal = 'numbers' | 'negation' | 'polarity' | 'entities';

export type GuardVerdict = { ok: true } | { ok: false; reason: GuardRefusal; detail: string };

/**
 * Refuses a semantic hit whose texts, however close their embeddings, ask different things:
 * - numbers: the numbers (and identifiers with digits) differ as multisets: "2 GB" / "4 GB";
 * - negation: they have a different count of negation cues: "with sugar" / "without sugar";
 * - polarity: both take a side of an opposition, only different ones: "enable" / "turn off", or one
 *   negates a word of the other by prefix: "archive" / "unarchive";
 * - entities: a name, acronym or identifier in one text is absent from the other: "France" / "Spain".
 */
export function semanticGuard(queryText: string, cachedText: string): GuardVerdict {
  const query = readGuardText(queryText);
  const cached = readGuardText(cachedText);
  return (
    checkNumbers(query, cached) ??
    checkNegation(query, cached) ??
    checkPolarity(query, cached) ??
    checkEntities(query, cached) ?? { ok: true }
  );
}

function checkNumbers(query: GuardText, cached: GuardText): GuardVerdict | undefined {
  const left = numberTokens(query);
  const right = numberTokens(cached);
  if (left.join('\u0000') === right.join('\u0000')) return undefined;
  return { ok: false, reason: 'numbers', detail: `[${left.join(', ')}] vs [${right.join(', ')}]` };
}

function checkNegation(query: GuardText, cached: GuardText): GuardVerdict | undefined {
  const left = negationCount(query);
  const right = negationCount(cached);
  if (left === right) return undefined;
  return { ok: false, reason: 'negation', detail: `${left} vs ${right} negation cues` };
}

function checkPolarity(query: GuardText, cached: GuardText): GuardVerdict | undefined {
  const left = polaritySides(query);
  const right = polaritySides(cached);
  for (const [opposition, sides] of left) {
    const other = right.get(opposition);
    if (other && ![...sides].some((side) => other.has(side))) {
      return {
        ok: false,
        reason: 'polarity',
        detail: `${opposition}: ${[...sides].join('/')} vs ${[...other].join('/')}`,
      };
    }
  }
  const opposite = prefixOpposite(query, cached);
  return opposite ? { ok: false, reason: 'polarity', detail: `${opposite[0]} vs ${opposite[1]}` } : undefined;
}

function checkEntities(query: GuardText, cached: GuardText): GuardVerdict | undefined {
  const missing = [
    ...[...entityTokens(query)].filter((entity) => !cached.vocabulary.has(entity)),
    ...[...entityTokens(cached)].filter((entity) => !query.vocabulary.has(entity)),
  ];
  if (missing.length === 0) return undefined;
  return { ok: false, reason: 'entities', detail: `not in both: ${missing.join(', ')}` };
}
