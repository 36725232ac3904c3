import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loggedMediaBody } from './logged-media-body';

test('the log keeps an images answer without its base64 data, and anything else as it is', () => {
  const answer = JSON.stringify({
    created: 1,
    data: [{ b64_json: 'A'.repeat(5000), revised_prompt: 'p' }, { url: 'u' }],
  });
  assert.deepEqual(JSON.parse(loggedMediaBody(answer)), {
    created: 1,
    data: [{ revised_prompt: 'p', b64_json: '[5000 base64 characters]' }, { url: 'u' }],
  });
  assert.equal(loggedMediaBody('{"text":"hello"}'), '{"text":"hello"}');
  assert.equal(
    loggedMediaBody('1\n00:00:00,000 --> 00:00:01,000\n"b64_json"\n'),
    '1\n00:00:00,000 --> 00:00:01,000\n"b64_json"\n',
  );
});
