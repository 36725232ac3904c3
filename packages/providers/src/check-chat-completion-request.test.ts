import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkChatCompletionRequest } from './check-chat-completion-request';
import { ChatCompletionRequestSchema } from './openai-chat-schema';

const turns = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Read src/a.ts', name: 'dev' },
  { role: 'assistant', content: 'Done.' },
];

/** Bodies the plain path reads (every turn plain text) and bodies it leaves to the schema, valid or not. */
const BODIES: Record<string, unknown> = {
  plain: { model: 'gpt-4o-mini', messages: turns, x_vendor: { keep: true } },
  'plain, bad temperature': { model: 'gpt-4o-mini', messages: turns, temperature: 7 },
  'plain, no model': { messages: turns },
  'plain, stream not a boolean': { model: 'm', messages: turns, stream: 'yes' },
  'no messages': { model: 'm', messages: [] },
  'messages not an array': { model: 'm', messages: 'hi' },
  'a tool call': {
    model: 'm',
    messages: [
      ...turns,
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', content: 'ok', tool_call_id: 'c1' },
    ],
  },
  'a tool result without its call id': { model: 'm', messages: [...turns, { role: 'tool', content: 'ok' }] },
  'content parts': { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] },
  'a bad content part': { model: 'm', messages: [{ role: 'user', content: [{ type: 'text' }] }] },
  'an unknown role': { model: 'm', messages: [{ role: 'narrator', content: 'hi' }] },
  'a name that is not a string': { model: 'm', messages: [{ role: 'user', content: 'hi', name: 3 }] },
  'a bad cache breakpoint': { model: 'm', messages: [{ role: 'user', content: 'hi', cache_control: { type: 'x' } }] },
  'a message that is null': { model: 'm', messages: [null] },
  'not an object': [],
  null: null,
};

describe('checkChatCompletionRequest', () => {
  for (const [name, body] of Object.entries(BODIES)) {
    it(`agrees with ChatCompletionRequestSchema: ${name}`, () => {
      const checked = checkChatCompletionRequest(body);
      const schema = ChatCompletionRequestSchema.safeParse(body);
      assert.equal(checked.success, schema.success);
      if (checked.success && schema.success) assert.deepEqual(checked.data, schema.data);
      else assert.deepEqual(checked.error?.issues, schema.error?.issues);
    });
  }

  it('reads a conversation of plain turns without copying them', () => {
    const body = BODIES.plain as { messages: unknown[] };
    const checked = checkChatCompletionRequest(body);
    assert.ok(checked.success);
    assert.equal(checked.data.messages[1], body.messages[1]);
  });
});
