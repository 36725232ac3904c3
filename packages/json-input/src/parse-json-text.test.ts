import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { findExcessDepth } from './find-excess-depth';
import { findUnstorableText } from './find-unstorable-text';
import { MAX_JSON_DEPTH, parseJsonText } from './parse-json-text';

const BODY = { subject: 'The request body', root: '' };

function refusal(text: string, options = BODY): InvalidRequestError {
  try {
    parseJsonText(text, options);
  } catch (error) {
    assert.ok(error instanceof InvalidRequestError);
    return error;
  }
  assert.fail(`accepted: ${text.slice(0, 60)}`);
}

test('nesting is measured before parsing, brackets in strings do not count, and the top-level field is named', () => {
  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  assert.equal(findExcessDepth(`{"a":${deep(MAX_JSON_DEPTH - 1)}}`, MAX_JSON_DEPTH), undefined);
  assert.deepEqual(findExcessDepth(`{"a":${deep(MAX_JSON_DEPTH)}}`, MAX_JSON_DEPTH), { field: 'a' });
  assert.equal(findExcessDepth(`{"a":"${'['.repeat(500)}\\"${'{'.repeat(500)}"}`, MAX_JSON_DEPTH), undefined);
  const started = performance.now();
  const error = refusal(`{"model":"m","metadata":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`);
  assert.ok(performance.now() - started < 500);
  assert.equal(error.param, 'metadata');
  assert.equal(error.code, 'nesting_too_deep');
  assert.equal(refusal(deep(100)).param, null, 'a deep root has no field to name');
  assert.equal(refusal(`{"k\\u0000":${deep(100)}}`).param, 'k\\u0000', 'a named key is escaped');
});

test('NULs and lone surrogates in values and keys are refused by their path; surrogate pairs are text', () => {
  assert.deepEqual(parseJsonText('{"emoji":"\\ud83c\\udf89"}', BODY), { emoji: '🎉' });
  const cases: [string, string, RegExp][] = [
    ['{"input_file_id":"file-\\u0000"}', 'input_file_id', /NUL/],
    ['{"messages":[{"role":"user","content":"\\ud800"}]}', 'messages.0.content', /lone UTF-16 surrogate/],
    ['{"a":{"b":["ok","\\udc00x"]}}', 'a.b.1', /lone UTF-16 surrogate/],
    ['{"a":"\\udc00\\ud800"}', 'a', /lone UTF-16 surrogate/],
    ['{"\\ud800":1}', '\\ud800', /has a key that contains a lone/],
  ];
  for (const [text, param, message] of cases) {
    const error = refusal(text);
    assert.equal(error.param, param, text);
    assert.match(error.message, message, text);
    assert.equal(error.code, 'invalid_text');
  }
  assert.equal(findUnstorableText(['fine', { nested: ['also fine'] }]), undefined);
  const header = refusal('{"plan":"\\u0000"}', { subject: 'x-sluice-metadata', root: 'x-sluice-metadata' });
  assert.equal(header.param, 'x-sluice-metadata.plan');
});

test('invalid JSON is refused with its position, never with a quote of the text', () => {
  const error = refusal('{"a":\u0000}');
  assert.equal(error.code, 'invalid_json');
  assert.ok(!error.message.includes('\u0000'), 'no NUL quoted back');
  assert.match(error.message, /^The request body is not valid JSON( \(at character \d+\))?\.$/);
});
