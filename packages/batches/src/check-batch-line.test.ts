import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkBatchLine } from './check-batch-line';
import { errorLine, failedResponseLine, responseLine } from './output-line';

const at = (text: string, number = 3) => ({ number, text, tooLong: false });

test('a valid chat line yields its body, model and custom id', () => {
  const checked = checkBatchLine(
    at(
      '{"custom_id":"r1","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{"role":"user","content":"hi"}]}}',
    ),
    '/v1/chat/completions',
    100,
  );
  assert.equal(checked.ok, true);
  if (checked.ok) assert.deepEqual([checked.customId, checked.model, checked.kind], ['r1', 'm', 'chat']);
});

test('bad lines are named with their line number and field', () => {
  const cases: [string, string, RegExp][] = [
    ['{oops', 'invalid_json', /^line 3: not valid JSON/],
    ['{"custom_id":"r","method":"GET","url":"/v1/chat/completions","body":{}}', 'invalid_request', /method/],
    [
      '{"custom_id":"r","method":"POST","url":"/v1/chat/completions","body":{"model":"m"}}',
      'invalid_request',
      /body\.messages/,
    ],
    [
      '{"custom_id":"r","method":"POST","url":"/v1/embeddings","body":{"model":"m","input":"x"}}',
      'invalid_url',
      /endpoint is "\/v1\/chat\/completions"/,
    ],
    [
      '{"custom_id":"r","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true}}',
      'invalid_request',
      /body\.stream/,
    ],
  ];
  for (const [text, code, message] of cases) {
    const checked = checkBatchLine(at(text), '/v1/chat/completions', 1000);
    assert.equal(checked.ok, false, text);
    if (!checked.ok) {
      assert.equal(checked.code, code);
      assert.match(checked.message, message);
    }
  }
  const long = checkBatchLine({ number: 9, text: '', tooLong: true }, '/v1/chat/completions', 10);
  assert.equal(!long.ok && long.code, 'line_too_long');
});

test("output lines follow OpenAI's batch output format, one JSON object per line", () => {
  const ok = JSON.parse(
    responseLine({ customId: 'r1', requestId: 'req_1', statusCode: 200, body: '{\n  "id": "chatcmpl-1"\n}' }),
  ) as Record<string, unknown>;
  assert.match(String(ok.id), /^batch_req_[0-9a-f]{24}$/);
  assert.deepEqual(
    { ...ok, id: 'x' },
    {
      id: 'x',
      custom_id: 'r1',
      response: { status_code: 200, request_id: 'req_1', body: { id: 'chatcmpl-1' } },
      error: null,
    },
  );
  assert.ok(
    !responseLine({ customId: 'r1', requestId: 'req_1', statusCode: 200, body: '{\n"a":1\n}' }).includes('\n'),
    'a pretty-printed body still makes one line',
  );
  const failed = JSON.parse(
    failedResponseLine({
      customId: 'r2',
      requestId: 'req_2',
      statusCode: 429,
      error: { error: { message: 'slow down', type: 'rate_limit_exceeded', code: null, param: null } },
    }),
  ) as { response: { status_code: number; body: { error: { message: string } } } };
  assert.equal(failed.response.status_code, 429);
  assert.equal(failed.response.body.error.message, 'slow down');
  assert.deepEqual(JSON.parse(errorLine({ customId: null, code: 'invalid_json', message: 'line 1: bad' })).error, {
    code: 'invalid_json',
    message: 'line 1: bad',
  });
});
