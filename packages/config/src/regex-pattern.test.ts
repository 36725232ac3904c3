import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePattern, MAX_PATTERN_CHARS, regexPatternProblem } from './regex-pattern';

test('patterns that backtrack catastrophically are refused, with what to change', () => {
  for (const pattern of ['^(a+)+$', '(x+x+)+y', '(\\w+\\s?)+$', '^(a*)*b']) {
    assert.match(regexPatternProblem(pattern) ?? '', /backtrack catastrophically.*\(a\+\)\+/, pattern);
  }
});

test('lookaround, backreferences, syntax errors and overlong patterns are refused', () => {
  for (const pattern of ['(?=x)y', '(a)\\1', '(', `${'a'.repeat(MAX_PATTERN_CHARS)}b`]) {
    assert.ok(regexPatternProblem(pattern) !== undefined, pattern);
  }
});

test('ordinary patterns pass and match as JavaScript writes them', () => {
  for (const pattern of ['^gpt-4', '^Summari[sz]e', '\\d{3}-\\d{4}', '(?<team>search|ads)', '\\/v1\\/', '^\\u00e9t']) {
    assert.equal(regexPatternProblem(pattern), undefined, pattern);
  }
  assert.equal(compilePattern('^Summari[sz]e').test('Summarize this'), true);
  assert.equal(compilePattern('\\/v1\\/').test('/v1/chat'), true);
  assert.equal(compilePattern('^\\u00e9t').test('été'), true);
  assert.equal(compilePattern('^gpt-4').test('claude'), false);
});
