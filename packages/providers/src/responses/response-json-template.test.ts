import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ChangingFieldsJson, ResponseJsonTemplate } from './response-json-template';
import type { ResponseObject } from './response-object';
import { responseShell } from './response-object';
import { ResponsesRequestSchema } from './responses-request-schema';

const nasty = 'He said "hi"\n\t\\ </script> caf\u00e9 \u2028 \ud83d\ude00 \ud800 \u0000\u0002\u0004 \u007f';

const shells: { name: string; shell: ResponseObject }[] = [
  { name: 'a bare request', shell: shellOf({ model: 'm', input: 'x' }) },
  {
    name: 'every echoed field, nasty text in each',
    shell: shellOf({
      model: `m ${nasty}`,
      input: 'x',
      instructions: nasty,
      max_output_tokens: 100,
      temperature: 0.5,
      top_p: 1,
      user: nasty,
      metadata: { status: 'in_progress', usage: nasty, note: '"status":"\u0000"' },
      reasoning: { effort: 'low', summary: 'auto' },
      text: {
        format: {
          type: 'json_schema',
          name: 'answer',
          schema: { type: 'object', properties: { status: { type: 'string' }, usage: { type: 'number' } } },
        },
      },
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: { output: {} } } }],
    }),
  },
  // Control characters, and values of responseShell's layout in other orders: written field by field.
  { name: 'a control character alone', shell: shellOf({ model: 'm', input: 'x', instructions: '\u0000' }) },
  { name: 'another control character alone', shell: shellOf({ model: 'm', input: 'x', instructions: '\u0004' }) },
  {
    name: 'control characters in metadata',
    shell: shellOf({ model: 'm', input: 'x', metadata: { a: '\u0000', b: '\u0001', c: '\u0002' } }),
  },
  { name: 'another key order', shell: reordered(shellOf({ model: 'm', input: 'x', instructions: '\u0003' })) },
  { name: 'another key order, plain values', shell: reordered(shellOf({ model: 'm', input: 'x' })) },
  {
    name: 'a field left undefined',
    shell: { ...shellOf({ model: 'm', input: 'x' }), user: undefined as unknown as null },
  },
  { name: 'a field more', shell: { ...shellOf({ model: 'm', input: 'x' }), extra: '"x"' } as ResponseObject },
];

const changes: {
  name: string;
  fields: Pick<ResponseObject, 'status' | 'incomplete_details' | 'model' | 'output' | 'usage'>;
}[] = [
  { name: 'created', fields: { status: 'in_progress', incomplete_details: null, model: 'm', output: [], usage: null } },
  {
    name: 'finished',
    fields: {
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      model: `served ${nasty}`,
      output: [
        {
          id: 'msg_1',
          type: 'message',
          status: 'incomplete',
          role: 'assistant',
          content: [{ type: 'output_text', text: nasty, annotations: [], logprobs: [] }],
        },
      ],
      usage: {
        input_tokens: 1,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 2,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 3,
      },
    },
  },
];

describe('ResponseJsonTemplate', () => {
  test('writes the very bytes of JSON.stringify of the shell with the changing fields replaced', () => {
    for (const { name, shell } of shells) {
      const template = new ResponseJsonTemplate(shell);
      for (const change of changes) {
        const { status, incomplete_details, model, output, usage } = change.fields;
        const fields: ChangingFieldsJson = [status, incomplete_details, model, output, usage].map((value) =>
          JSON.stringify(value),
        ) as unknown as ChangingFieldsJson;
        assert.equal(template.json(fields), JSON.stringify({ ...shell, ...change.fields }), `${name}, ${change.name}`);
      }
    }
  });
});

function shellOf(request: unknown): ResponseObject {
  return responseShell(ResponsesRequestSchema.parse(request), { id: 'resp_1', createdAt: 1 });
}

/** The shell's fields in reverse order. */
function reordered(shell: ResponseObject): ResponseObject {
  return Object.fromEntries(Object.entries(shell).reverse()) as unknown as ResponseObject;
}
