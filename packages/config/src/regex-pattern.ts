import { RE2JS } from 're2js';
import safeRegex from 'safe-regex2';

/** Longest `$regex` pattern a condition may hold. */
export const MAX_PATTERN_CHARS = 1_000;

/** A compiled `$regex` pattern. */
export interface CompiledPattern {
  /** Whether the pattern matches anywhere in `text`, in time linear in the text. */
  test(text: string): boolean;
}

/**
 * Compiles a `$regex` pattern, written as a JavaScript regular expression, for RE2's linear-time engine (re2js):
 * matching never backtracks, so no pattern and no input can hold up the event loop. Throws on a pattern the engine
 * cannot run (lookaround and backreferences have no linear-time form).
 */
export function compilePattern(pattern: string): CompiledPattern {
  return RE2JS.compile(RE2JS.translateRegExp(pattern));
}

/**
 * What is wrong with a `$regex` pattern, or undefined: too long, not runnable by the linear-time engine, or written
 * so that a backtracking engine would take exponential time on it (nested repetition such as `^(a+)+$`, found by
 * safe-regex2). The last is refused even though Sluice's engine would run it safely: such a pattern is a mistake,
 * and refusing it keeps configs portable to engines that backtrack (docs/limits-and-input.md).
 */
export function regexPatternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_CHARS) return `a pattern is at most ${MAX_PATTERN_CHARS} characters`;
  try {
    compilePattern(pattern);
  } catch {
    return 'not a valid regular expression (lookaround and backreferences are not supported)';
  }
  if (!safeRegex(pattern)) {
    return 'the pattern can backtrack catastrophically (a repeated group that itself repeats, such as (a+)+); rewrite it without nested repetition';
  }
  return undefined;
}
