import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import {
  MIXED_PROVIDER_KEYS,
  type MixedProviderGateway,
  startMixedProviderGateway,
} from '../helpers/mixed-provider-gateway';

/** A 1×1 transparent PNG. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const tools: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'lookup',
      description: 'Looks a thing up',
      parameters: { type: 'object', properties: { echo: { type: 'string' } } },
    },
  },
];
const providers = [
  { name: 'anthropic', account: 'claude', model: 'claude/claude-haiku-4-5', simulator: 'anthropic' },
  { name: 'gemini', account: 'gem', model: 'gem/gemini-2.5-flash', simulator: 'gemini' },
  { name: 'azure-openai', account: 'az', model: 'az/gpt-4o-mini', simulator: 'azure' },
] as const;

/** Tokens as every simulator counts them: ceil(characters / 4). */
const tokens = (text: string) => Math.ceil(text.length / 4);

describe('the official openai client through Sluice to Anthropic, Gemini and Azure OpenAI', () => {
  let mixed: MixedProviderGateway;
  let client: OpenAI;
  before(async () => {
    mixed = await startMixedProviderGateway(
      [
        'configs:',
        '  claude-retry:',
        '    strategy: single',
        '    targets: [{ provider: claude, model: claude-haiku-4-5 }]',
        '    retry: { attempts: 2, backoff_ms: 10 }',
      ].join('\n'),
    );
    client = new OpenAI({ baseURL: mixed.gateway.baseURL, apiKey: 'unused-in-development-mode', maxRetries: 0 });
  });
  after(async () => mixed.stop());
  beforeEach(() => mixed.reset());

  for (const provider of providers) {
    describe(provider.name, () => {
      const lastBody = () => mixed.simulators[provider.simulator].stats().lastBody as Record<string, unknown>;

      test('a plain completion, with usage and the serving provider named', async () => {
        const question = 'hello from the openai client';
        const { data, response } = await client.chat.completions
          .create({ model: provider.model, messages: [{ role: 'user', content: question }] })
          .withResponse();
        assert.equal(data.object, 'chat.completion');
        assert.equal(data.choices[0]?.message.role, 'assistant');
        assert.equal(data.choices[0]?.message.content, `Echo: ${question}`);
        assert.equal(data.choices[0]?.finish_reason, 'stop');
        assert.equal(data.usage?.prompt_tokens, tokens(question));
        assert.equal(data.usage?.completion_tokens, tokens(`Echo: ${question}`));
        assert.equal(data.usage?.total_tokens, tokens(question) + tokens(`Echo: ${question}`));
        assert.equal(response.headers.get('x-sluice-provider'), provider.account);
      });

      test('a streamed completion with include_usage ends with one usage chunk', async () => {
        const question = 'stream several words back please';
        const stream = await client.chat.completions.create({
          model: provider.model,
          stream: true,
          stream_options: { include_usage: true },
          messages: [{ role: 'user', content: question }],
        });
        const chunks = [];
        for await (const chunk of stream) chunks.push(chunk);
        const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
        assert.equal(text, `Echo: ${question}`);
        assert.ok(
          chunks.filter((chunk) => (chunk.choices[0]?.delta.content ?? '') !== '').length > 1,
          'the answer came in pieces',
        );
        assert.equal(
          chunks
            .flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason))
            .filter(Boolean)
            .join(),
          'stop',
        );
        const withUsage = chunks.filter((chunk) => chunk.usage);
        assert.equal(withUsage.length, 1, 'exactly one chunk carries usage');
        const last = chunks.at(-1);
        assert.deepEqual(last?.choices, []);
        assert.equal(last?.usage?.prompt_tokens, tokens(question));
        assert.equal(last?.usage?.completion_tokens, tokens(`Echo: ${question}`));
        assert.equal(last?.usage?.prompt_tokens_details?.cached_tokens ?? 0, 0, 'the simulators report no cache reads');
      });

      test('a streamed completion without include_usage relays no usage chunk', async () => {
        const stream = await client.chat.completions.create({
          model: provider.model,
          stream: true,
          messages: [{ role: 'user', content: 'no usage' }],
        });
        let text = '';
        for await (const chunk of stream) {
          assert.ok(!chunk.usage, 'no usage chunk was asked for');
          text += chunk.choices[0]?.delta.content ?? '';
        }
        assert.equal(text, 'Echo: no usage');
      });

      test('tool calls, plain and streamed', async () => {
        const plain = await client.chat.completions.create({
          model: provider.model,
          tools,
          tool_choice: 'auto',
          messages: [{ role: 'user', content: 'find it' }],
        });
        assert.equal(plain.choices[0]?.finish_reason, 'tool_calls');
        const call = plain.choices[0]?.message.tool_calls?.[0];
        assert.ok(call?.type === 'function');
        assert.equal(call.function.name, 'lookup');
        assert.ok(call.id.length > 0);
        assert.deepEqual(JSON.parse(call.function.arguments), { echo: 'find it' });

        const stream = await client.chat.completions.create({
          model: provider.model,
          tools,
          stream: true,
          messages: [{ role: 'user', content: 'find it streamed' }],
        });
        let name = '';
        let argumentsText = '';
        let id = '';
        let finishReason: string | null = null;
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta.tool_calls?.[0];
          id += delta?.id ?? '';
          name += delta?.function?.name ?? '';
          argumentsText += delta?.function?.arguments ?? '';
          finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
        }
        assert.equal(name, 'lookup');
        assert.ok(id.length > 0);
        assert.deepEqual(JSON.parse(argumentsText), { echo: 'find it streamed' });
        assert.equal(finishReason, 'tool_calls');
      });

      test('an image as a base64 data URL reaches the provider in its own form', async () => {
        const answer = await client.chat.completions.create({
          model: provider.model,
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'what is in this picture' },
                { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
              ],
            },
          ],
        });
        assert.equal(answer.choices[0]?.message.content, 'Echo: what is in this picture');
        assert.deepEqual(imageSent(provider.name, lastBody()), { mediaType: 'image/png', data: PNG_BASE64 });
      });

      test('a multi-turn conversation with a tool result', async () => {
        const messages: ChatCompletionMessageParam[] = [
          { role: 'system', content: 'You look things up.' },
          { role: 'user', content: 'find the weather' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"echo":"weather"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny and warm' },
          { role: 'user', content: 'so what is it like' },
        ];
        const answer = await client.chat.completions.create({
          model: provider.model,
          tools,
          tool_choice: 'none',
          messages,
        });
        assert.equal(answer.choices[0]?.finish_reason, 'stop');
        assert.match(answer.choices[0]?.message.content ?? '', /^Echo: .*so what is it like$/);
        assert.deepEqual(toolResultSent(provider.name, lastBody()), {
          name: 'lookup',
          id: 'call_1',
          result: 'sunny and warm',
        });
      });
    });
  }

  test('embeddings through Gemini (single and batched) and Azure OpenAI', async () => {
    const single = await client.embeddings.create({ model: 'gem/text-embedding-004', input: 'alpha' });
    assert.equal(single.object, 'list');
    assert.equal(single.data.length, 1);
    assert.ok((single.data[0]?.embedding.length ?? 0) > 0);
    assert.match(mixed.simulators.gemini.stats().lastPath, /:embedContent$/);
    const batch = await client.embeddings.create({
      model: 'gem/text-embedding-004',
      input: ['alpha', 'beta', 'alpha'],
      dimensions: 8,
    });
    assert.deepEqual(
      batch.data.map((item) => item.index),
      [0, 1, 2],
    );
    assert.equal(batch.data[0]?.embedding.length, 8);
    assert.deepEqual(batch.data[0]?.embedding, batch.data[2]?.embedding);
    assert.notDeepEqual(batch.data[0]?.embedding, batch.data[1]?.embedding);
    assert.match(mixed.simulators.gemini.stats().lastPath, /:batchEmbedContents$/);

    const azure = await client.embeddings.create({ model: 'az/text-embedding-3-small', input: ['alpha', 'beta'] });
    assert.equal(azure.data.length, 2);
    assert.ok((azure.data[0]?.embedding.length ?? 0) > 0);
    assert.equal(
      mixed.simulators.azure.stats().lastPath,
      '/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21',
    );
    assert.equal(mixed.simulators.azure.stats().lastHeaders['api-key'], MIXED_PROVIDER_KEYS.azure);
  });

  test('Azure OpenAI: the deployment URL, api-version and api-key header', async () => {
    await client.chat.completions.create({ model: 'az/my-deployment', messages: [{ role: 'user', content: 'hi' }] });
    const stats = mixed.simulators.azure.stats();
    assert.equal(stats.lastPath, '/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21');
    assert.equal(stats.lastHeaders['api-key'], MIXED_PROVIDER_KEYS.azure);
    assert.equal(stats.lastHeaders.authorization, undefined, 'no bearer token goes to Azure');
  });

  test('a parameter Anthropic cannot honour is a 400 naming it, and nothing is sent upstream', async () => {
    await assert.rejects(
      client.chat.completions.create({
        model: 'claude/claude-haiku-4-5',
        n: 2,
        messages: [{ role: 'user', content: 'two please' }],
      }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.equal(error.param, 'n');
        assert.equal(error.code, 'unsupported_parameter');
        assert.match(error.message, /anthropic.*`n`/);
        return true;
      },
    );
    assert.equal(mixed.simulators.anthropic.stats().requests, 0);
  });

  test('Anthropic has no embeddings: a 400 that says where to send them', async () => {
    await assert.rejects(
      client.embeddings.create({ model: 'claude/claude-haiku-4-5', input: 'alpha' }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.match(error.message, /no embeddings API/);
        return true;
      },
    );
  });

  test('a provider rejecting the key is a 401 authentication error, not retried', async () => {
    await assert.rejects(
      client.chat.completions.create({
        model: 'claude-wrong-key/claude-haiku-4-5',
        messages: [{ role: 'user', content: 'hi' }],
      }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.AuthenticationError);
        assert.equal(error.type, 'authentication_error');
        assert.doesNotMatch(error.message, /sk-ant-wrong/, 'the key is never echoed');
        return true;
      },
    );
    assert.equal(mixed.simulators.anthropic.stats().requests, 1);
  });

  test('an Anthropic 529 (overloaded) is retried and then answers', async () => {
    mixed.simulators.anthropic.configure({ failStatus: 529, failCount: 1 });
    const { data, response } = await client.chat.completions
      .create({ model: 'claude-retry', messages: [{ role: 'user', content: 'busy?' }] })
      .withResponse();
    assert.equal(data.choices[0]?.message.content, 'Echo: busy?');
    assert.equal(response.headers.get('x-sluice-attempts'), '2');
    assert.equal(mixed.simulators.anthropic.stats().requests, 2);
  });

  test('a Gemini 503 that outlasts the retries is a 502 listing the attempt', async () => {
    mixed.simulators.gemini.configure({ failStatus: 503 });
    await assert.rejects(
      client.chat.completions.create({ model: 'gem/gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.APIError);
        assert.equal(error.status, 502);
        assert.equal(error.type, 'upstream_error');
        assert.match(error.message, /gem\/gemini-2\.5-flash: 503 \(The model is overloaded/);
        return true;
      },
    );
  });
});

/** The first image of the last user message, read from each provider's wire format. */
function imageSent(provider: string, body: Record<string, unknown>): { mediaType: string; data: string } {
  const messages = (provider === 'gemini' ? body.contents : body.messages) as { content?: unknown; parts?: unknown }[];
  const last = messages.at(-1) ?? {};
  if (provider === 'anthropic') {
    const blocks = (last.content ?? []) as { type: string; source?: { media_type: string; data: string } }[];
    const block = blocks.find((part) => part.type === 'image');
    return { mediaType: block?.source?.media_type ?? '', data: block?.source?.data ?? '' };
  }
  if (provider === 'gemini') {
    const parts = (last.parts ?? []) as { inlineData?: { mimeType: string; data: string } }[];
    const part = parts.find((candidate) => candidate.inlineData);
    return { mediaType: part?.inlineData?.mimeType ?? '', data: part?.inlineData?.data ?? '' };
  }
  const parts = (last.content ?? []) as { type: string; image_url?: { url: string } }[];
  const part = parts.find((candidate) => candidate.type === 'image_url');
  const match = /^data:([^;]+);base64,(.*)$/.exec(part?.image_url?.url ?? '');
  return { mediaType: match?.[1] ?? '', data: match?.[2] ?? '' };
}

/** The tool call and its result as the provider received them. */
function toolResultSent(provider: string, body: Record<string, unknown>): { name: string; id: string; result: string } {
  if (provider === 'anthropic') {
    const messages = body.messages as { role: string; content: unknown }[];
    const blocks = messages.flatMap((message) =>
      Array.isArray(message.content) ? (message.content as Record<string, unknown>[]) : [],
    );
    const use = blocks.find((block) => block.type === 'tool_use');
    const result = blocks.find((block) => block.type === 'tool_result');
    const content = result?.content;
    const text = typeof content === 'string' ? content : ((content as { text: string }[] | undefined)?.[0]?.text ?? '');
    assert.equal(result?.tool_use_id, use?.id);
    return { name: String(use?.name), id: String(use?.id), result: text };
  }
  if (provider === 'gemini') {
    const parts = (body.contents as { parts: Record<string, unknown>[] }[]).flatMap((content) => content.parts);
    const call = parts.find((part) => part.functionCall)?.functionCall as { name: string; id?: string } | undefined;
    const response = parts.find((part) => part.functionResponse)?.functionResponse as
      | { name: string; response: unknown }
      | undefined;
    assert.equal(response?.name, call?.name);
    return {
      name: String(call?.name),
      id: 'call_1',
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
  return { name: String(call?.function.name), id: String(result?.tool_call_id), result: String(result?.content) };
}
