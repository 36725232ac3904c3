import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type OpenAIGatewayFixture,
  SIMULATED_PROVIDER_KEY,
  startOpenAIGatewayFixture,
} from '../helpers/openai-gateway-fixture';

describe('the official openai client through Sluice', () => {
  let fixture: OpenAIGatewayFixture;
  before(async () => {
    fixture = await startOpenAIGatewayFixture();
  });
  after(async () => fixture.stop());

  test('a plain chat completion comes back with Sluice headers', async () => {
    const { data, response } = await fixture.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello there' }] })
      .withResponse();
    assert.equal(data.choices[0]?.message.content, 'Echo: hello there');
    assert.equal(data.model, 'gpt-4o-mini');
    assert.ok((data.usage?.total_tokens ?? 0) > 0);
    assert.match(response.headers.get('x-sluice-request-id') ?? '', /^req_[0-9a-f]{32}$/);
    assert.equal(response.headers.get('x-sluice-provider'), 'openai');
    assert.equal(response.headers.get('x-sluice-model'), 'gpt-4o-mini');
    assert.equal(response.headers.get('x-sluice-attempts'), '1');
    assert.equal(fixture.simulator.stats().lastHeaders.authorization, `Bearer ${SIMULATED_PROVIDER_KEY}`);
  });

  test('a streamed completion arrives as chunks and ends cleanly', async () => {
    const stream = await fixture.client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'stream these words please' }],
    });
    const pieces: string[] = [];
    let finishReason: string | null = null;
    for await (const chunk of stream) {
      pieces.push(chunk.choices[0]?.delta.content ?? '');
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
    }
    assert.ok(pieces.filter((piece) => piece !== '').length > 1, 'the answer came in several chunks');
    assert.equal(pieces.join(''), 'Echo: stream these words please');
    assert.equal(finishReason, 'stop');
  });

  test('stream_options.include_usage adds the final usage chunk; without it none is relayed', async () => {
    const withUsage = await fixture.client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'count me' }],
    });
    const chunks = [];
    for await (const chunk of withUsage) chunks.push(chunk);
    const last = chunks[chunks.length - 1];
    assert.deepEqual(last?.choices, []);
    assert.ok((last?.usage?.prompt_tokens ?? 0) > 0);

    const withoutUsage = await fixture.client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'count me' }],
    });
    for await (const chunk of withoutUsage) assert.ok(!chunk.usage, 'no usage chunk was asked for');
    assert.equal(
      (fixture.simulator.stats().lastBody as { stream_options?: { include_usage?: boolean } }).stream_options
        ?.include_usage,
      true,
      'usage is always requested upstream',
    );
  });

  test('tool calls work plain and streamed', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'lookup', parameters: { type: 'object', properties: { echo: { type: 'string' } } } },
      },
    ];
    const plain = await fixture.client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools,
      messages: [{ role: 'user', content: 'find it' }],
    });
    assert.equal(plain.choices[0]?.finish_reason, 'tool_calls');
    const call = plain.choices[0]?.message.tool_calls?.[0];
    assert.equal(call?.type === 'function' ? call.function.name : undefined, 'lookup');
    assert.deepEqual(JSON.parse(call?.type === 'function' ? call.function.arguments : '{}'), { echo: 'find it' });

    const stream = await fixture.client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools,
      stream: true,
      messages: [{ role: 'user', content: 'find it' }],
    });
    let argumentsText = '';
    let name = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.tool_calls?.[0];
      name += delta?.function?.name ?? '';
      argumentsText += delta?.function?.arguments ?? '';
    }
    assert.equal(name, 'lookup');
    assert.deepEqual(JSON.parse(argumentsText), { echo: 'find it' });
  });

  test('embeddings, single and batched', async () => {
    const single = await fixture.client.embeddings.create({ model: 'text-embedding-3-small', input: 'alpha' });
    assert.equal(single.data.length, 1);
    assert.ok((single.data[0]?.embedding.length ?? 0) > 0);
    const batch = await fixture.client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['alpha', 'beta', 'alpha'],
      dimensions: 16,
    });
    assert.deepEqual(
      batch.data.map((item) => item.index),
      [0, 1, 2],
    );
    assert.equal(batch.data[0]?.embedding.length, 16);
    assert.deepEqual(batch.data[0]?.embedding, batch.data[2]?.embedding, 'the same input embeds the same');
    assert.notDeepEqual(batch.data[0]?.embedding, batch.data[1]?.embedding);
  });

  test('200 concurrent requests each get their own answer', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        fixture.client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: `question ${index}` }],
        }),
      ),
    );
    for (const [index, answer] of answers.entries())
      assert.equal(answer.choices[0]?.message.content, `Echo: question ${index}`);
  });
});

describe('GET /v1/models', () => {
  let fixture: OpenAIGatewayFixture;
  before(async () => {
    fixture = await startOpenAIGatewayFixture(
      'configs:\n  default:\n    strategy: single\n    targets: [{ provider: openai, model: gpt-4o-mini }]\ndefault_config: default\nmodels: { fast: default }\n',
    );
  });
  after(async () => fixture.stop());

  test('lists configs, aliases and provider models', async () => {
    const ids: string[] = [];
    for await (const model of fixture.client.models.list()) ids.push(model.id);
    assert.deepEqual(ids.sort(), ['default', 'fast', 'openai/gpt-4o-mini']);
  });

  test('an alias routes to its config', async () => {
    const answer = await fixture.client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'via alias' }],
    });
    assert.equal(answer.model, 'gpt-4o-mini');
  });
});
