/**
 * OpenAI and Azure OpenAI wire details, checked through the official `openai` SDK
 * (which must be able to parse everything the simulator sends) and raw fetch.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI, { AzureOpenAI } from 'openai';
import { startOpenAISimulator } from './openai-simulator';
import type { RunningSimulator } from './start-simulator';

describe('openai simulator wire format', () => {
  let simulator: RunningSimulator;
  let client: OpenAI;

  before(async () => {
    simulator = await startOpenAISimulator();
    client = new OpenAI({ baseURL: simulator.url, apiKey: 'sk-test', maxRetries: 0 });
  });
  after(() => simulator.close());
  beforeEach(() => simulator.reset());

  test('chat completion carries id, model, fingerprint and usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'abcd' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'hello ' },
            { type: 'text', text: 'world' },
          ],
        },
      ],
    });
    assert.match(completion.id, /^chatcmpl-/);
    assert.equal(completion.model, 'gpt-4o-mini');
    assert.ok(completion.system_fingerprint);
    assert.equal(completion.choices[0]?.message.content, 'Echo: hello world');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    // prompt: ceil((4 + 11) / 4) = 4; completion: ceil(17 / 4) = 5
    assert.deepEqual(
      [completion.usage?.prompt_tokens, completion.usage?.completion_tokens, completion.usage?.total_tokens],
      [4, 5, 9],
    );
  });

  test('tools produce one tool call to the named tool', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'weather in Oslo' }],
      tools: [
        { type: 'function', function: { name: 'first_tool', parameters: { type: 'object' } } },
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    const choice = completion.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    assert.equal(choice?.message.content, null);
    const toolCall = choice?.message.tool_calls?.[0];
    assert.ok(toolCall?.type === 'function');
    assert.match(toolCall.id, /^call_/);
    assert.equal(toolCall.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(toolCall.function.arguments), { echo: 'weather in Oslo' });
  });

  test('streamed tool call arrives as argument deltas the SDK can reassemble', async () => {
    const stream = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'stream a tool call' }],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
      stream_options: { include_usage: true },
    });
    let argumentDeltas = 0;
    stream.on('chunk', (chunk) => {
      if (chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments) argumentDeltas += 1;
    });
    const completion = await stream.finalChatCompletion();
    assert.ok(argumentDeltas >= 2);
    assert.equal(completion.choices[0]?.finish_reason, 'tool_calls');
    const toolCall = completion.choices[0]?.message.tool_calls?.[0];
    assert.ok(toolCall?.type === 'function');
    assert.deepEqual(JSON.parse(toolCall.function.arguments), { echo: 'stream a tool call' });
    assert.equal(completion.usage?.completion_tokens, Math.ceil('{"echo":"stream a tool call"}'.length / 4));
  });

  test('max_tokens of 1..3 truncates with finish_reason length', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'a long question' }],
      max_completion_tokens: 2,
    });
    assert.equal(completion.choices[0]?.finish_reason, 'length');
    assert.equal(completion.choices[0]?.message.content, 'Echo: a ');
    assert.equal(completion.usage?.completion_tokens, 2);
  });

  test('embeddings are deterministic unit vectors in input order, float or base64', async () => {
    const viaBase64 = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['alpha', 'beta', 'alpha'],
    });
    assert.deepEqual(
      viaBase64.data.map((item) => item.index),
      [0, 1, 2],
    );
    const [alpha, beta, alphaAgain] = viaBase64.data.map((item) => item.embedding);
    assert.equal(alpha?.length, 8);
    assert.deepEqual(alpha, alphaAgain);
    assert.notDeepEqual(alpha, beta);
    assert.ok(Math.abs((alpha ?? []).reduce((sum, value) => sum + value * value, 0) - 1) < 1e-5);
    const viaFloat = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'alpha',
      dimensions: 16,
      encoding_format: 'float',
    });
    assert.equal(viaFloat.data[0]?.embedding.length, 16);
    assert.equal(viaFloat.model, 'text-embedding-3-small');
  });

  test('models list and retrieve', async () => {
    const models = await client.models.list();
    assert.ok(models.data.some((model) => model.id === 'gpt-4o-mini'));
    assert.equal((await client.models.retrieve('my-custom-model')).id, 'my-custom-model');
  });

  test('errors map onto the SDK error classes', async () => {
    simulator.configure({ failStatus: 429, failCount: 1 });
    await assert.rejects(
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      OpenAI.RateLimitError,
    );
    simulator.configure({ requiredApiKey: 'sk-right' });
    await assert.rejects(
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      OpenAI.AuthenticationError,
    );
  });

  test('bad requests and unknown routes get OpenAI-shaped 400 and 404', async () => {
    const noMessages = await fetch(`${simulator.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o' }),
    });
    assert.equal(noMessages.status, 400);
    assert.deepEqual(((await noMessages.json()) as { error: unknown }).error, {
      message: "Missing required parameter: 'messages'.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'missing_required_parameter',
    });
    const invalidJson = await fetch(`${simulator.url}/chat/completions`, { method: 'POST', body: '{"model":' });
    assert.equal(invalidJson.status, 400);
    await invalidJson.body?.cancel();
    const unknown = await fetch(`${simulator.url}/nothing-here`);
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
  });
});

describe('azure openai routes', () => {
  let simulator: RunningSimulator;

  before(async () => {
    simulator = await startOpenAISimulator({ knobs: { requiredApiKey: 'azure-key' } });
  });
  after(() => simulator.close());

  test('the AzureOpenAI SDK reaches chat and embeddings on the deployment routes', async () => {
    const client = new AzureOpenAI({
      endpoint: simulator.origin,
      apiKey: 'azure-key',
      apiVersion: '2024-10-21',
      deployment: 'my-gpt',
      maxRetries: 0,
    });
    const completion = await client.chat.completions.create({
      model: '',
      messages: [{ role: 'user', content: 'hi azure' }],
    });
    assert.equal(completion.choices[0]?.message.content, 'Echo: hi azure');
    assert.equal(simulator.stats().lastPath, '/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21');
    assert.equal(simulator.stats().lastHeaders['api-key'], 'azure-key');
    const embeddings = await client.embeddings.create({ model: '', input: ['one', 'two'] });
    assert.equal(embeddings.data.length, 2);
  });

  test('a missing api-version is a 404 and a wrong key an Azure 401', async () => {
    const noVersion = await fetch(`${simulator.origin}/openai/deployments/my-gpt/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': 'azure-key' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }),
    });
    assert.equal(noVersion.status, 404);
    await noVersion.body?.cancel();
    const wrongKey = await fetch(
      `${simulator.origin}/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21`,
      {
        method: 'POST',
        headers: { 'api-key': 'nope' },
        body: '{}',
      },
    );
    assert.equal(wrongKey.status, 401);
    assert.equal(((await wrongKey.json()) as { error: { code: string } }).error.code, '401');
  });
});
