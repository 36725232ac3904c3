import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_REGEX_INPUT_CHARS, matchesPattern } from './match-pattern';

test('a pattern exponential for a backtracking engine runs in linear time', () => {
  // `(a|aa)+$` passes the nested-repetition check, and backtracks exponentially in V8 on "aaa…ab".
  const started = performance.now();
  assert.equal(matchesPattern('^(a|aa)+$', `${'a'.repeat(5_000)}b`), false);
  assert.equal(matchesPattern('^(a+)+$', `${'a'.repeat(5_000)}b`), false);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 1_000, `took ${elapsed.toFixed(0)} ms`);
});

test('only the first MAX_REGEX_INPUT_CHARS characters of a value are looked at', () => {
  const long = `${'a'.repeat(MAX_REGEX_INPUT_CHARS)}needle`;
  assert.equal(matchesPattern('needle', long), false);
  assert.equal(matchesPattern('needle', long.slice(6)), true);
  assert.equal(matchesPattern('(', 'anything'), false, 'a pattern that does not compile matches nothing');
});
