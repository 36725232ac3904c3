import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mayEscapeLetters, replaceTopLevelString } from './replace-top-level-string';

test('only the top-level member’s string changes, every other byte as it was', () => {
  const text = '{ "messages": [{"model": "inner", "content": "\\"model\\": x"}],\n "model" :  "gpt-4o-mini", "n": 1 }';
  assert.equal(
    replaceTopLevelString(text, 'model', 'gpt-4o'),
    '{ "messages": [{"model": "inner", "content": "\\"model\\": x"}],\n "model" :  "gpt-4o", "n": 1 }',
  );
});

test('a repeated key has its last member replaced, the one a parser keeps', () => {
  const replaced = replaceTopLevelString('{"model":"a","model":"b"}', 'model', 'c\u00e9"');
  assert.equal(replaced, '{"model":"a","model":"c\u00e9\\""}');
  assert.deepEqual(JSON.parse(replaced ?? ''), { model: 'c\u00e9"' });
});

test('no top-level string member, or a key spelled with escapes: undefined', () => {
  assert.equal(replaceTopLevelString('{"messages":[{"model":"x"}]}', 'model', 'y'), undefined);
  assert.equal(replaceTopLevelString('{"model":5}', 'model', 'y'), undefined);
  assert.equal(replaceTopLevelString('{"x":"model","y":1}', 'model', 'y'), undefined);
  assert.equal(replaceTopLevelString('{"mod\\u0065l":"x"}', 'model', 'y'), undefined);
});

test('text that may spell a letter with an escape, and text that cannot', () => {
  assert.equal(mayEscapeLetters('{"mod\\u0065l":"x"}'), true);
  assert.equal(mayEscapeLetters('{"model":"\\u00e9 \\u0022 \\ud83d\\ude80"}'), false);
});
