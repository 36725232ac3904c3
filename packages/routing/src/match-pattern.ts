import { type CompiledPattern, compilePattern } from '@sluice/config';

/** How much of a value a `$regex` looks at: its first characters (docs/limits-and-input.md). */
export const MAX_REGEX_INPUT_CHARS = 10_000;
/** Compiled patterns kept; inline configs bring new ones with each request, so the cache is bounded. */
const MAX_CACHED_PATTERNS = 512;

const compiled = new Map<string, CompiledPattern | null>();

/**
 * Whether a `$regex` condition's pattern matches a value, on RE2's linear-time engine and over at most the first
 * MAX_REGEX_INPUT_CHARS characters: the evaluation budget of a condition, whatever its pattern and input. A pattern
 * that does not compile (validation refuses those) matches nothing.
 */
export function matchesPattern(pattern: string, value: string): boolean {
  let matcher = compiled.get(pattern);
  if (matcher === undefined) {
    matcher = compileOrNull(pattern);
    if (compiled.size >= MAX_CACHED_PATTERNS) compiled.clear();
    compiled.set(pattern, matcher);
  }
  return matcher?.test(value.slice(0, MAX_REGEX_INPUT_CHARS)) === true;
}

function compileOrNull(pattern: string): CompiledPattern | null {
  try {
    return compilePattern(pattern);
  } catch {
    return null;
  }
}
