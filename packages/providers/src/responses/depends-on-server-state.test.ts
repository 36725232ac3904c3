import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dependsOnServerState } from './depends-on-server-state';
import { ResponsesRequestSchema } from './responses-request-schema';

const request = (fields: Record<string, unknown>) =>
  ResponsesRequestSchema.parse({ model: 'gpt-5', input: 'hi', ...fields });

describe('dependsOnServerState', () => {
  test('an earlier response, a conversation, a stored prompt or the background depend on what a server keeps', () => {
    for (const fields of [
      { previous_response_id: 'resp_1' },
      { conversation: 'conv_1' },
      { conversation: { id: 'conv_1' } },
      { prompt: { id: 'pmpt_1' } },
      { background: true },
    ])
      assert.equal(dependsOnServerState(request(fields)), true, JSON.stringify(fields));
  });

  test('a request that carries all it needs does not, store included', () => {
    for (const fields of [{}, { store: true }, { store: false }, { previous_response_id: null }, { background: false }])
      assert.equal(dependsOnServerState(request(fields)), false, JSON.stringify(fields));
  });
});
