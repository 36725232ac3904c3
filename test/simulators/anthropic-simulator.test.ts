/**
 * Anthropic Messages wire details, checked through the official `@anthropic-ai/sdk`
 * (which must be able to parse everything the simulator sends) and raw fetch.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startAnthropicSimulator } from './anthropic-simulator';
import type { RunningSimulator } from './start-simulator';

describe('anthropic simulator wire format', () => {
  let simulator: RunningSimulator;
  let client: Anthropic;

  before(async () => {
    simulator = await startAnthropicSimulator();
    client = new Anthropic({ baseURL: simulator.url, apiKey: 'sk-ant-test', maxRetries: 0 });
  });
  after(() => simulator.close());
  beforeEach(() => simulator.reset());

  test('message carries msg_ id, model, stop_reason and full usage', async () => {
    const message = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      system: 'abcd',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'hello ' },
            { type: 'text', text: 'world' },
          ],
        },
      ],
    });
    assert.match(message.id, /^msg_/);
    assert.equal(message.model, 'claude-haiku-4-5');
    assert.equal(message.stop_reason, 'end_turn');
    assert.deepEqual(message.content, [{ type: 'text', text: 'Echo: hello world' }]);
    assert.equal(message.usage.input_tokens, 4);
    assert.equal(message.usage.output_tokens, 5);
    assert.equal(message.usage.cache_read_input_tokens, 0);
    assert.equal(message.usage.cache_creation_input_tokens, 0);
    assert.equal(simulator.stats().lastHeaders['x-api-key'], 'sk-ant-test');
    assert.ok(simulator.stats().lastHeaders['anthropic-version']);
  });

  test('streamed tool use arrives as input_json_delta pieces the SDK reassembles', async () => {
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'find Oslo' }],
      tools: [
        { name: 'first_tool', input_schema: { type: 'object' } },
        { name: 'lookup', input_schema: { type: 'object' } },
      ],
      tool_choice: { type: 'tool', name: 'lookup' },
    });
    let jsonDeltas = 0;
    stream.on('streamEvent', (streamEvent) => {
      if (streamEvent.type === 'content_block_delta' && streamEvent.delta.type === 'input_json_delta') jsonDeltas += 1;
    });
    const message = await stream.finalMessage();
    assert.ok(jsonDeltas >= 2);
    assert.equal(message.stop_reason, 'tool_use');
    const block = message.content[0];
    assert.ok(block?.type === 'tool_use');
    assert.match(block.id, /^toolu_/);
    assert.equal(block.name, 'lookup');
    assert.deepEqual(block.input, { echo: 'find Oslo' });
  });

  test('tool_choice none answers with text', async () => {
    const message = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'no tools' }],
      tools: [{ name: 'lookup', input_schema: { type: 'object' } }],
      tool_choice: { type: 'none' },
    });
    assert.equal(message.content[0]?.type, 'text');
  });

  test('max_tokens of 1..3 truncates with stop_reason max_tokens', async () => {
    const message = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 1,
      messages: [{ role: 'user', content: 'cut' }],
    });
    assert.equal(message.stop_reason, 'max_tokens');
    assert.deepEqual(message.content, [{ type: 'text', text: 'Echo' }]);
  });

  test('529 is an overloaded_error and 401 an authentication_error', async () => {
    simulator.configure({ failStatus: 529, failCount: 1, retryAfterS: 3 });
    const overloaded = await fetch(`${simulator.url}/v1/messages`, { method: 'POST', body: '{}' });
    assert.equal(overloaded.status, 529);
    assert.equal(overloaded.headers.get('retry-after'), '3');
    const body = (await overloaded.json()) as { type: string; error: { type: string; message: string } };
    assert.equal(body.type, 'error');
    assert.deepEqual(body.error, { type: 'overloaded_error', message: 'Overloaded' });
    simulator.configure({ requiredApiKey: 'sk-ant-right' });
    await assert.rejects(
      client.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
      Anthropic.AuthenticationError,
    );
  });

  test('bad requests get invalid_request_error and unknown routes not_found_error', async () => {
    const headers = { 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
    const noMaxTokens = await fetch(`${simulator.url}/v1/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'x' }] }),
    });
    assert.equal(noMaxTokens.status, 400);
    const noMaxTokensBody = (await noMaxTokens.json()) as { error: { type: string; message: string } };
    assert.deepEqual(noMaxTokensBody.error, { type: 'invalid_request_error', message: 'max_tokens: Field required' });
    const invalidJson = await fetch(`${simulator.url}/v1/messages`, { method: 'POST', headers, body: '{' });
    assert.equal(invalidJson.status, 400);
    await invalidJson.body?.cancel();
    const unknown = await fetch(`${simulator.url}/v1/unknown`, { headers });
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: { type: string } }).error.type, 'not_found_error');
  });

  test('models list and count_tokens', async () => {
    const models = await client.models.list();
    assert.ok(models.data.length > 0);
    const count = await client.messages.countTokens({
      model: 'claude-haiku-4-5',
      messages: [{ role: 'user', content: 'twelve chars' }],
    });
    assert.equal(count.input_tokens, 3);
  });
});
