import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { type MixedProviderGateway, startMixedProviderGateway } from '../helpers/mixed-provider-gateway';

const tools: Tool[] = [
  {
    name: 'lookup',
    description: 'Looks a thing up',
    input_schema: { type: 'object', properties: { echo: { type: 'string' } } },
  },
];
const providers = [
  { name: 'openai', model: 'oai/gpt-4o-mini', simulator: 'openai' },
  { name: 'anthropic', model: 'claude/claude-haiku-4-5', simulator: 'anthropic' },
  { name: 'gemini', model: 'gem/gemini-2.5-flash', simulator: 'gemini' },
  { name: 'azure-openai', model: 'az/gpt-4o-mini', simulator: 'azure' },
] as const;

/** Tokens as every simulator counts them: ceil(characters / 4). */
const tokens = (text: string) => Math.ceil(text.length / 4);

interface AnthropicErrorBody {
  type: string;
  error: { type: string; message: string };
}

describe('the official @anthropic-ai/sdk against POST /v1/messages', () => {
  let mixed: MixedProviderGateway;
  let client: Anthropic;
  const postMessages = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${mixed.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, json: (await response.json()) as AnthropicErrorBody };
  };

  before(async () => {
    // A provider 429 fails the request at once instead of waiting in the queue, so the error mapping shows quickly.
    mixed = await startMixedProviderGateway('', { SLUICE_MAX_RATE_LIMIT_DEFERRALS: '0' });
    client = new Anthropic({ baseURL: mixed.gateway.url, apiKey: 'unused-in-development-mode', maxRetries: 0 });
  });
  after(async () => mixed.stop());
  beforeEach(() => mixed.reset());

  for (const provider of providers) {
    describe(`served by the ${provider.name} provider`, () => {
      const lastBody = () => mixed.simulators[provider.simulator].stats().lastBody as Record<string, unknown>;

      test('a plain message, with usage', async () => {
        const question = 'hello from the anthropic sdk';
        const { data, response } = await client.messages
          .create({ model: provider.model, max_tokens: 256, messages: [{ role: 'user', content: question }] })
          .withResponse();
        assert.equal(data.type, 'message');
        assert.equal(data.role, 'assistant');
        assert.match(data.id, /^msg_/);
        assert.deepEqual(data.content, [{ type: 'text', text: `Echo: ${question}` }]);
        assert.equal(data.stop_reason, 'end_turn');
        assert.equal(data.usage.input_tokens, tokens(question));
        assert.equal(data.usage.output_tokens, tokens(`Echo: ${question}`));
        assert.match(response.headers.get('x-sluice-request-id') ?? '', /^req_/);
        assert.equal(response.headers.get('x-sluice-provider'), provider.model.split('/')[0]);
      });

      test('the system prompt reaches the provider in its own form', async () => {
        await client.messages.create({
          model: provider.model,
          max_tokens: 64,
          system: 'Answer briefly.',
          messages: [{ role: 'user', content: 'hi' }],
        });
        assert.equal(systemSent(provider.name, lastBody()), 'Answer briefly.');
      });

      test('messages.stream(...).finalMessage() assembles the streamed answer', async () => {
        const question = 'stream these words back';
        const stream = client.messages.stream({
          model: provider.model,
          max_tokens: 256,
          messages: [{ role: 'user', content: question }],
        });
        const texts: string[] = [];
        stream.on('text', (text) => texts.push(text));
        const message = await stream.finalMessage();
        assert.ok(texts.length > 1, 'the text arrived in pieces');
        assert.equal(texts.join(''), `Echo: ${question}`);
        assert.deepEqual(message.content, [{ type: 'text', text: `Echo: ${question}` }]);
        assert.equal(message.stop_reason, 'end_turn');
        assert.equal(message.usage.input_tokens, tokens(question));
        assert.equal(message.usage.output_tokens, tokens(`Echo: ${question}`));
      });

      test('raw stream events come in Anthropic order', async () => {
        const stream = await client.messages.create({
          model: provider.model,
          max_tokens: 256,
          stream: true,
          messages: [{ role: 'user', content: 'raw events please' }],
        });
        const types: string[] = [];
        for await (const event of stream) {
          if (types.at(-1) !== event.type || event.type !== 'content_block_delta') types.push(event.type);
          // An Anthropic account's own stream reaches the client as it sent it (the simulator, like Anthropic, says 1).
          if (event.type === 'message_start')
            assert.equal(event.message.usage.output_tokens, provider.name === 'anthropic' ? 1 : 0);
          if (event.type === 'message_delta') {
            assert.equal(event.delta.stop_reason, 'end_turn');
            assert.equal(event.usage.output_tokens, tokens('Echo: raw events please'));
          }
        }
        assert.deepEqual(types, [
          'message_start',
          'content_block_start',
          'content_block_delta',
          'content_block_stop',
          'message_delta',
          'message_stop',
        ]);
      });

      test('a tool_use answer and the tool_result round trip', async () => {
        const question = 'look up the weather';
        const first = await client.messages.create({
          model: provider.model,
          max_tokens: 256,
          tools,
          messages: [{ role: 'user', content: question }],
        });
        assert.equal(first.stop_reason, 'tool_use');
        const use = first.content.find((block) => block.type === 'tool_use');
        assert.ok(use?.type === 'tool_use');
        assert.equal(use.name, 'lookup');
        assert.deepEqual(use.input, { echo: question });
        assert.ok(use.id.length > 0);

        const conversation: MessageParam[] = [
          { role: 'user', content: question },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny and warm' }] },
        ];
        const second = await client.messages.create({
          model: provider.model,
          max_tokens: 256,
          tools,
          tool_choice: { type: 'none' },
          messages: conversation,
        });
        assert.equal(second.stop_reason, 'end_turn');
        assert.equal(second.content[0]?.type, 'text');
        assert.deepEqual(toolResultSent(provider.name, lastBody()), { name: 'lookup', result: 'sunny and warm' });
      });

      test('a streamed tool call arrives as a tool_use block with its input', async () => {
        const message = await client.messages
          .stream({
            model: provider.model,
            max_tokens: 256,
            tools,
            messages: [{ role: 'user', content: 'find it streamed' }],
          })
          .finalMessage();
        assert.equal(message.stop_reason, 'tool_use');
        const use = message.content.find((block) => block.type === 'tool_use');
        assert.ok(use?.type === 'tool_use');
        assert.equal(use.name, 'lookup');
        assert.deepEqual(use.input, { echo: 'find it streamed' });
      });
    });
  }

  test('a parameter no translation can carry is a 400 BadRequestError naming it, before any upstream call', async () => {
    await assert.rejects(
      client.messages.create({
        model: 'oai/gpt-4o-mini',
        max_tokens: 2048,
        messages: [{ role: 'user', content: 'use the container' }],
        container: 'container_1',
      } as Anthropic.MessageCreateParamsNonStreaming),
      (error: unknown) => {
        assert.ok(error instanceof Anthropic.BadRequestError);
        assert.equal(error.type, 'invalid_request_error');
        assert.match(error.message, /`container`/);
        assert.match(error.message, /routed to \\?"oai\\?" \(type openai\)/);
        return true;
      },
    );
    assert.equal(mixed.simulators.openai.stats().requests, 0);
  });

  test('a content block with no OpenAI form is a 400 naming its path', async () => {
    await assert.rejects(
      client.messages.create({
        model: 'gem/gemini-2.5-flash',
        max_tokens: 64,
        messages: [
          { role: 'user', content: [{ type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } }] },
        ],
      }),
      (error: unknown) => {
        assert.ok(error instanceof Anthropic.BadRequestError);
        assert.match(error.message, /base64 PDF/);
        return true;
      },
    );
  });

  test('a feature the serving provider cannot honour is a 400 naming it, in Anthropic shape', async () => {
    await assert.rejects(
      client.messages.create({
        model: 'gem/gemini-2.5-flash',
        max_tokens: 64,
        tools,
        tool_choice: { type: 'auto', disable_parallel_tool_use: true },
        messages: [{ role: 'user', content: 'one tool at a time' }],
      }),
      (error: unknown) => {
        assert.ok(error instanceof Anthropic.BadRequestError);
        assert.equal(error.type, 'invalid_request_error');
        assert.match(error.message, /gemini provider cannot limit the model to one tool call per turn/);
        return true;
      },
    );
    assert.equal(mixed.simulators.gemini.stats().requests, 0);
  });

  test('plain HTTP without the SDK headers (x-api-key, anthropic-version) is served too', async () => {
    const response = await fetch(`${mixed.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude/claude-haiku-4-5',
        max_tokens: 32,
        messages: [{ role: 'user', content: 'no headers' }],
      }),
    });
    assert.equal(response.status, 200);
    const message = (await response.json()) as { type: string; content: { text: string }[] };
    assert.equal(message.type, 'message');
    assert.equal(message.content[0]?.text, 'Echo: no headers');
  });

  test('validation errors and malformed JSON answer in Anthropic error shape, naming the field', async () => {
    const missing = await postMessages(
      JSON.stringify({ model: 'claude/claude-haiku-4-5', messages: [{ role: 'user', content: 'hi' }] }),
      {
        'x-api-key': 'sk-anything',
        'anthropic-version': '2023-06-01',
      },
    );
    assert.equal(missing.status, 400);
    assert.equal(missing.json.type, 'error');
    assert.equal(missing.json.error.type, 'invalid_request_error');
    assert.match(missing.json.error.message, /max_tokens/);

    const malformed = await postMessages('{"model": ');
    assert.equal(malformed.status, 400);
    assert.deepEqual(Object.keys(malformed.json), ['type', 'error']);
    assert.equal(malformed.json.error.type, 'invalid_request_error');
  });

  test('an unknown config is a 400 in Anthropic shape; other routes keep OpenAI errors', async () => {
    const unknownConfig = await postMessages(
      JSON.stringify({ model: 'x', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
      { 'x-sluice-config': 'nope' },
    );
    assert.equal(unknownConfig.status, 400);
    assert.equal(unknownConfig.json.error.type, 'invalid_request_error');
    assert.match(unknownConfig.json.error.message, /no config named "nope"/);

    const chat = await fetch(`${mixed.gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const chatBody = (await chat.json()) as { error: { type: string; param: string | null } };
    assert.equal(chat.status, 400);
    assert.equal(chatBody.error.type, 'invalid_request_error');
    assert.ok('param' in chatBody.error, 'the OpenAI shape');
  });

  test('an upstream 429 that outlasts the queue is a RateLimitError', async () => {
    mixed.simulators.anthropic.configure({ failStatus: 429, retryAfterS: 7 });
    await assert.rejects(
      client.messages.create({
        model: 'claude/claude-haiku-4-5',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hi' }],
      }),
      (error: unknown) => {
        assert.ok(error instanceof Anthropic.RateLimitError);
        assert.equal(error.type, 'rate_limit_error');
        assert.equal(error.headers?.get('retry-after'), '7');
        return true;
      },
    );
  });

  test('an upstream 500 is an InternalServerError (502) listing the attempt', async () => {
    mixed.simulators.openai.configure({ failStatus: 500 });
    await assert.rejects(
      client.messages.create({ model: 'oai/gpt-4o-mini', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => {
        assert.ok(error instanceof Anthropic.InternalServerError);
        assert.equal(error.status, 502);
        assert.equal(error.type, 'api_error');
        assert.match(error.message, /oai\/gpt-4o-mini: 500/);
        return true;
      },
    );
  });

  test('an upstream authentication failure is an AuthenticationError', async () => {
    await assert.rejects(
      client.messages.create({
        model: 'claude-wrong-key/claude-haiku-4-5',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hi' }],
      }),
      (error: unknown) => {
        assert.ok(error instanceof Anthropic.AuthenticationError);
        assert.equal(error.type, 'authentication_error');
        return true;
      },
    );
  });

  test('a stream that breaks after it began ends with an Anthropic error event', async () => {
    mixed.simulators.anthropic.configure({ drop: 'mid-stream' });
    const stream = await client.messages.create({
      model: 'claude/claude-haiku-4-5',
      max_tokens: 64,
      stream: true,
      messages: [{ role: 'user', content: 'break please' }],
    });
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const event of stream) seen.push(event.type);
      })(),
      (error: unknown) => {
        assert.ok(error instanceof Anthropic.APIError);
        assert.match(error.message, /closed the stream/);
        return true;
      },
    );
    assert.equal(seen[0], 'message_start');
    assert.ok(!seen.includes('message_stop'));
  });
});

/** The system prompt as the provider received it. */
function systemSent(provider: string, body: Record<string, unknown>): string {
  if (provider === 'anthropic')
    return typeof body.system === 'string' ? body.system : ((body.system as { text: string }[])[0]?.text ?? '');
  if (provider === 'gemini')
    return (body.systemInstruction as { parts: { text: string }[] }).parts.map((part) => part.text).join('');
  const first = (body.messages as { role: string; content: unknown }[])[0] ?? { role: '', content: '' };
  assert.equal(first.role, 'system');
  return typeof first.content === 'string' ? first.content : ((first.content as { text: string }[])[0]?.text ?? '');
}

/** The tool call's name and its result as the provider received them. */
function toolResultSent(provider: string, body: Record<string, unknown>): { name: string; result: string } {
  if (provider === 'anthropic') {
    const blocks = (body.messages as { content: unknown }[]).flatMap((message) =>
      Array.isArray(message.content) ? (message.content as Record<string, unknown>[]) : [],
    );
    const use = blocks.find((block) => block.type === 'tool_use');
    const result = blocks.find((block) => block.type === 'tool_result');
    assert.equal(result?.tool_use_id, use?.id);
    const content = result?.content;
    return {
      name: String(use?.name),
      result: typeof content === 'string' ? content : ((content as { text: string }[] | undefined)?.[0]?.text ?? ''),
    };
  }
  if (provider === 'gemini') {
    const parts = (body.contents as { parts: Record<string, unknown>[] }[]).flatMap((content) => content.parts);
    const call = parts.find((part) => part.functionCall)?.functionCall as { name: string } | undefined;
    const response = parts.find((part) => part.functionResponse)?.functionResponse as
      | { name: string; response: unknown }
      | undefined;
    assert.equal(response?.name, call?.name);
    return {
      name: String(call?.name),
      result: JSON.stringify(response?.response).includes('sunny and warm') ? 'sunny and warm' : '',
    };
  }
  const messages = body.messages as {
    role: string;
    content?: unknown;
    tool_calls?: { id: string; function: { name: string } }[];
    tool_call_id?: string;
  }[];
  const call = messages.find((message) => message.tool_calls)?.tool_calls?.[0];
  const result = messages.find((message) => message.role === 'tool');
  assert.equal(result?.tool_call_id, call?.id);
  return { name: String(call?.function.name), result: String(result?.content) };
}
