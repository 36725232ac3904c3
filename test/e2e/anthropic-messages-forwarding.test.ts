import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { countTokens } from '@sluice/request-log';
import OpenAI from 'openai';
import { CompletionEventProbe } from '../helpers/completion-events';
import {
  MIXED_PROVIDER_KEYS,
  type MixedProviderGateway,
  startMixedProviderGateway,
} from '../helpers/mixed-provider-gateway';

/** Routing of this suite: a glob alias sending `claude-opus-*` to the OpenAI account, and a cross-dialect fallback. */
const ROUTING_YAML = [
  'configs:',
  '  opus-via-openai: { strategy: single, targets: [ { provider: oai, model: gpt-4o-mini } ] }',
  '  claude-then-openai:',
  '    strategy: fallback',
  '    targets: [ { provider: claude }, { provider: oai, model: gpt-4o-mini } ]',
  '    retry: { attempts: 1 }',
  'models:',
  '  "claude-opus-*": opus-via-openai',
].join('\n');

/** Tokens as every simulator counts them: ceil(characters / 4). */
const tokens = (text: string) => Math.ceil(text.length / 4);

/** The body of a request as Claude Code shapes it: a system-role message inside `messages`, hints, deferred tools. */
function claudeCodeShaped(model: string, task: string): Record<string, unknown> {
  return {
    model,
    max_tokens: 4096,
    system: [{ type: 'text', text: 'You are an agent.', cache_control: { type: 'ephemeral' } }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: task }] },
      { role: 'system', content: 'Environment: linux, working directory /tmp' },
    ],
    tools: [
      { name: 'Bash', description: 'Runs a command', input_schema: { type: 'object', properties: {} } },
      { name: 'Later', description: 'Loaded by search', input_schema: { type: 'object' }, defer_loading: true },
    ],
    thinking: { type: 'adaptive', display: 'omitted' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    output_config: { effort: 'medium' },
    metadata: { user_id: '{"session_id":"s-1"}' },
    tool_choice: { type: 'none' },
  };
}

describe('/v1/messages: same dialect forwarded, other providers translated', () => {
  let mixed: MixedProviderGateway;
  let client: Anthropic;
  let events: CompletionEventProbe;
  const anthropicStats = () => mixed.simulators.anthropic.stats();
  const openAIStats = () => mixed.simulators.openai.stats();
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${mixed.gateway.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers },
      body,
    });

  before(async () => {
    mixed = await startMixedProviderGateway(ROUTING_YAML);
    client = new Anthropic({ baseURL: mixed.gateway.url, apiKey: 'unused-in-development-mode', maxRetries: 0 });
    events = new CompletionEventProbe(mixed.gateway.prefix);
  });
  after(async () => {
    await events.close();
    await mixed.stop();
  });
  beforeEach(() => mixed.reset());

  describe('forwarded to an Anthropic account', () => {
    test('the body bytes, the beta headers and the query string reach the account unchanged', async () => {
      // Odd spacing, key order, a system-role message, an unknown field and an unknown block type: none is Sluice's to judge.
      const body =
        '{ "messages": [ {"role":"user","content":[{"type":"text","text":"hello there"},{"type":"future_block","x":1}]},' +
        ' {"role":"system","content":"Environment: linux"} ],\n  "model": "claude-sonnet-4-5", "max_tokens": 64,' +
        ' "some_future_field": {"nested": [1, 2, 3]}, "thinking": {"type": "adaptive", "display": "omitted"} }';
      const beta = 'claude-code-20250219,interleaved-thinking-2025-05-14';
      const response = await post('/v1/messages?beta=true', body, { 'anthropic-beta': beta, 'x-api-key': 'sk-client' });
      assert.equal(response.status, 200, await response.clone().text());
      const message = (await response.json()) as Anthropic.Message & { usage: { service_tier?: string } };
      assert.equal(response.headers.get('x-sluice-provider'), 'claude');
      assert.deepEqual(message.content, [{ type: 'text', text: 'Echo: hello there' }]);
      assert.equal(message.usage.service_tier, 'standard', "the account's own answer, with fields Sluice never writes");

      const received = anthropicStats();
      assert.equal(received.lastRawBody, body);
      assert.equal(received.lastPath, '/v1/messages?beta=true');
      assert.equal(received.lastHeaders['anthropic-beta'], beta);
      assert.equal(received.lastHeaders['anthropic-version'], '2023-06-01');
      assert.equal(
        received.lastHeaders['x-api-key'],
        MIXED_PROVIDER_KEYS.anthropic,
        "the account's key, not the client's",
      );
    });

    test('a stream reaches the client as the account sent it, byte for byte', async () => {
      const body = JSON.stringify({
        model: 'claude-haiku-4-5',
        max_tokens: 64,
        stream: true,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        messages: [{ role: 'user', content: 'stream me exactly as sent' }],
      });
      const viaSluice = await post('/v1/messages', body);
      assert.equal(viaSluice.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      const direct = await fetch(`${mixed.simulators.anthropic.url}/v1/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'anthropic-version': '2023-06-01',
          'x-api-key': MIXED_PROVIDER_KEYS.anthropic,
        },
        body,
      });
      // Only the ids and signatures the simulator draws at random differ between two answers.
      const normal = (text: string) => text.replace(/(msg_01|toolu_01|sig_)[A-Za-z0-9]+/g, '$1…');
      const relayed = normal(await viaSluice.text());
      assert.match(relayed, /event: ping/);
      assert.match(relayed, /"type":"signature_delta"/);
      assert.equal(relayed, normal(await direct.text()));
    });

    test('the SDK: a system-role message inside messages and beta headers, streamed and not', async () => {
      const messages = [
        { role: 'user', content: 'first question' },
        { role: 'system', content: 'Answer in one word.' },
      ] as unknown as MessageParam[];
      const plain = await client.beta.messages.create({
        model: 'claude-haiku-4-5',
        max_tokens: 64,
        betas: ['context-management-2025-06-27'],
        messages: messages as Anthropic.Beta.BetaMessageParam[],
      });
      assert.deepEqual(plain.content, [{ type: 'text', text: 'Echo: first question' }]);
      assert.equal(anthropicStats().lastHeaders['anthropic-beta'], 'context-management-2025-06-27');
      assert.deepEqual((anthropicStats().lastBody as { messages: unknown }).messages, messages);

      const streamed = await client.messages
        .stream({ model: 'claude-haiku-4-5', max_tokens: 64, messages })
        .finalMessage();
      assert.deepEqual(streamed.content, [{ type: 'text', text: 'Echo: first question' }]);
      assert.equal(streamed.usage.output_tokens, tokens('Echo: first question'));
    });

    test('thinking blocks come back signed, streamed and not, and go back upstream as they were', async () => {
      const question = 'think it over';
      const thinking = { type: 'enabled', budget_tokens: 1024 } as const;
      const first = await client.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 2048,
        thinking,
        messages: [{ role: 'user', content: question }],
      });
      const [thought, answer] = first.content;
      assert.ok(thought?.type === 'thinking');
      assert.equal(thought.thinking, `Thinking about: ${question}`);
      assert.match(thought.signature, /^sig_/);
      assert.deepEqual(answer, { type: 'text', text: `Echo: ${question}` });

      const streamed = await client.messages
        .stream({
          model: 'claude-sonnet-4-5',
          max_tokens: 2048,
          thinking,
          messages: [{ role: 'user', content: question }],
        })
        .finalMessage();
      assert.ok(streamed.content[0]?.type === 'thinking');
      assert.equal(streamed.content[0].thinking, `Thinking about: ${question}`);
      assert.match(streamed.content[0].signature, /^sig_/);
      assert.deepEqual(streamed.content[1], { type: 'text', text: `Echo: ${question}` });

      const second = await client.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 2048,
        thinking,
        messages: [
          { role: 'user', content: question },
          { role: 'assistant', content: streamed.content },
          { role: 'user', content: 'and now?' },
        ],
      });
      assert.equal(second.content[1]?.type === 'text' && second.content[1].text, 'Echo: and now?');
      const sentBack = (anthropicStats().lastBody as { messages: { content: unknown[] }[] }).messages[1]?.content[0];
      assert.deepEqual(sentBack, streamed.content[0]);
    });

    test("the account's refusal reaches the client as the account said it", async () => {
      await assert.rejects(
        client.messages.create({
          model: 'claude-sonnet-4-5',
          max_tokens: 64,
          messages: [
            { role: 'user', content: 'hi' },
            { role: 'assistant', content: [{ type: 'thinking', thinking: 'unsigned' }] },
            { role: 'user', content: 'again' },
          ],
        } as unknown as MessageCreateParamsNonStreaming),
        (error: unknown) => {
          assert.ok(error instanceof Anthropic.BadRequestError);
          assert.match(error.message, /messages\.1\.content\.0\.thinking\.signature: Field required/);
          return true;
        },
      );
      assert.equal(anthropicStats().requests, 1);
    });

    test('the log and cost see the usage; without a cache or a translated target the log keeps the body as sent', async () => {
      const sent = {
        model: 'claude-haiku-4-5',
        max_tokens: 64,
        messages: [{ role: 'user' as const, content: 'count me' }],
      };
      const { data, response } = await client.messages.create(sent).withResponse();
      const { event } = await events.waitForEvent(response.headers.get('x-sluice-request-id') ?? '');
      assert.equal(event.provider, 'claude');
      assert.equal(event.prompt_tokens, data.usage.input_tokens);
      assert.equal(event.completion_tokens, data.usage.output_tokens);
      assert.deepEqual(event.request_body, sent);

      const shaped = claudeCodeShaped('claude-haiku-4-5', 'log me as sent');
      const forwarded = await post('/v1/messages', JSON.stringify(shaped));
      assert.equal(forwarded.status, 200);
      assert.equal(forwarded.headers.get('x-sluice-cache'), 'off');
      const logged = await events.waitForEvent(forwarded.headers.get('x-sluice-request-id') ?? '');
      assert.deepEqual(logged.event.request_body, shaped);
    });
  });

  describe('translated for other providers', () => {
    test("Claude Code's shape is carried: the system-role message where it stands, hints left out and named", async () => {
      const { data, response } = await client.messages
        .create(claudeCodeShaped('oai/gpt-4o-mini', 'what is here?') as unknown as MessageCreateParamsNonStreaming)
        .withResponse();
      assert.deepEqual(data.content, [{ type: 'text', text: 'Echo: what is here?' }]);
      assert.equal(
        response.headers.get('x-sluice-omitted-fields'),
        'thinking, context_management, tools.Later.defer_loading, output_config.effort',
      );
      const sent = openAIStats().lastBody as {
        messages: { role: string; content: unknown }[];
        tools: { function: { name: string } }[];
        user: string;
      };
      assert.deepEqual(
        sent.messages.map((message) => message.role),
        ['system', 'user', 'system'],
      );
      assert.equal(sent.messages[2]?.content, 'Environment: linux, working directory /tmp');
      assert.deepEqual(
        sent.tools.map((tool) => tool.function.name),
        ['Bash'],
      );
      assert.equal(sent.user, '{"session_id":"s-1"}');
    });

    test('the log keeps the Anthropic body as the client sent it, and beside it the translation sent upstream', async () => {
      const sent = {
        model: 'oai/gpt-4o-mini',
        max_tokens: 64,
        system: 'Answer briefly.',
        messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'log me twice' }] }],
      };
      const { response } = await client.messages.create(sent).withResponse();
      const { event } = await events.waitForEvent(response.headers.get('x-sluice-request-id') ?? '');
      assert.equal(event.provider, 'oai');
      assert.deepEqual(event.request_body, sent);
      const translated = event.translated_request_body as { messages: unknown; max_tokens?: number };
      assert.deepEqual(translated.messages, [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: [{ type: 'text', text: 'log me twice' }] },
      ]);
      assert.deepEqual((openAIStats().lastBody as { messages: unknown }).messages, translated.messages);
    });

    for (const model of ['gem/gemini-2.5-flash', 'az/gpt-4o-mini']) {
      test(`the same shape reaches ${model.split('/')[0]} too, streamed`, async () => {
        const message = await client.messages
          .stream(claudeCodeShaped(model, 'and here?') as unknown as MessageCreateParamsNonStreaming)
          .finalMessage();
        assert.deepEqual(message.content, [{ type: 'text', text: 'Echo: and here?' }]);
      });
    }

    test('streamed too, with tools and the tool result round trip', async () => {
      const tools = [{ name: 'lookup', input_schema: { type: 'object' as const, properties: {} } }];
      const first = await client.messages
        .stream({
          model: 'oai/gpt-4o-mini',
          max_tokens: 256,
          tools,
          messages: [
            { role: 'user', content: 'look it up' },
            { role: 'system', content: 'Use the tool.' } as unknown as MessageParam,
          ],
        })
        .finalMessage();
      const use = first.content.find((block) => block.type === 'tool_use');
      assert.ok(use?.type === 'tool_use');
      const second = await client.messages
        .stream({
          model: 'oai/gpt-4o-mini',
          max_tokens: 256,
          tools,
          tool_choice: { type: 'none' },
          messages: [
            { role: 'user', content: 'look it up' },
            { role: 'assistant', content: first.content },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'found it' }] },
          ],
        })
        .finalMessage();
      assert.equal(second.content[0]?.type === 'text' && second.content[0].text, 'Echo: look it up');
      const sent = openAIStats().lastBody as { messages: { role: string; tool_call_id?: string; content: unknown }[] };
      assert.deepEqual(sent.messages.at(-1), { role: 'tool', tool_call_id: use.id, content: 'found it' });
    });

    test('an element no translation can carry is a 400 naming it; the same request is forwarded to Anthropic', async () => {
      const body = (model: string) =>
        JSON.stringify({
          model,
          max_tokens: 64,
          messages: [
            { role: 'user', content: [{ type: 'search_result', source: 'https://a.b', title: 't', content: [] }] },
          ],
        });
      const refused = await post('/v1/messages', body('oai/gpt-4o-mini'));
      assert.equal(refused.status, 400);
      const error = (await refused.json()) as { type: string; error: { type: string; message: string } };
      assert.equal(error.type, 'error');
      assert.equal(error.error.type, 'invalid_request_error');
      assert.match(error.error.message, /messages\.0\.content\.0\.type/);
      assert.equal(openAIStats().requests, 0);

      const forwarded = await post('/v1/messages', body('claude-haiku-4-5'));
      assert.equal(forwarded.status, 200);
      assert.equal(anthropicStats().requests, 1);
    });

    test('a fallback from an Anthropic account to an OpenAI one carries both forms', async () => {
      mixed.simulators.anthropic.configure({ failStatus: 500 });
      const { data, response } = await client.messages
        .create(
          { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'fall over' }] },
          { headers: { 'x-sluice-config': 'claude-then-openai' } },
        )
        .withResponse();
      assert.equal(response.headers.get('x-sluice-provider'), 'oai');
      assert.equal(response.headers.get('x-sluice-attempts'), '2');
      assert.deepEqual(data.content, [{ type: 'text', text: 'Echo: fall over' }]);
      assert.equal(anthropicStats().requests, 1);
      assert.equal(openAIStats().requests, 1);
    });
  });

  describe('POST /v1/messages/count_tokens', () => {
    const messages: MessageParam[] = [{ role: 'user', content: 'how many tokens is this sentence?' }];

    test('forwarded to an Anthropic account, betas included, logged at no cost', async () => {
      const { data: counted, response } = await client.beta.messages
        .countTokens({
          model: 'claude-haiku-4-5',
          system: 'Be brief.',
          betas: ['token-counting-2024-11-01'],
          messages,
        })
        .withResponse();
      assert.equal(counted.input_tokens, tokens('Be brief.how many tokens is this sentence?'));
      const requestId = response.headers.get('x-sluice-request-id') ?? '';
      await events.waitForGroup('logger', requestId);
      const logged = (await (await fetch(`${mixed.gateway.url}/v1/logs/${requestId}`)).json()) as Record<
        string,
        unknown
      >;
      assert.equal(logged.endpoint, 'count_tokens');
      assert.equal(logged.provider, 'claude');
      assert.equal(logged.prompt_tokens, 0);
      assert.equal(logged.cost_usd, 0);
      assert.equal(anthropicStats().lastPath, '/v1/messages/count_tokens?beta=true');
      assert.match(String(anthropicStats().lastHeaders['anthropic-beta']), /token-counting-2024-11-01/);
    });

    test('counted with the tokenizer when the route starts elsewhere, whatever the block types', async () => {
      const counted = await client.messages.countTokens({ model: 'oai/gpt-4o-mini', messages });
      // The role and the text, by the tokenizer, and 3 tokens framing the message.
      assert.equal(counted.input_tokens, (await countTokens('user\nhow many tokens is this sentence?', 'gpt-4o')) + 3);
      const odd = await post(
        '/v1/messages/count_tokens',
        JSON.stringify({
          model: 'oai/gpt-4o-mini',
          messages: [{ role: 'user', content: [{ type: 'future_block' }, { type: 'text', text: 'hi' }] }],
        }),
      );
      assert.equal(odd.status, 200);
      assert.equal(odd.headers.get('x-sluice-token-count'), 'estimated');
      assert.equal(mixed.simulators.openai.stats().requests, 0);
      assert.equal(anthropicStats().requests, 0);
    });

    test('a bad body is a 400 in Anthropic shape', async () => {
      const response = await post('/v1/messages/count_tokens', JSON.stringify({ model: 'claude-haiku-4-5' }));
      assert.equal(response.status, 400);
      const body = (await response.json()) as { type: string; error: { message: string } };
      assert.equal(body.type, 'error');
      assert.match(body.error.message, /messages/);
    });
  });

  describe('model names nobody configured', () => {
    test('a claude-* name on /v1/messages goes to the Anthropic account; a glob alias wins over that', async () => {
      const sonnet = await client.messages
        .create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] })
        .withResponse();
      assert.equal(sonnet.response.headers.get('x-sluice-provider'), 'claude');
      assert.equal(sonnet.response.headers.get('x-sluice-model'), 'claude-sonnet-4-5');

      const opus = await client.messages
        .create({ model: 'claude-opus-4-1', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] })
        .withResponse();
      assert.equal(opus.response.headers.get('x-sluice-provider'), 'oai');
      assert.equal(opus.response.headers.get('x-sluice-model'), 'gpt-4o-mini');
    });

    test('GET /v1/models/{id} answers for configs, aliases, glob matches and provider/model; 404 otherwise', async () => {
      const openai = new OpenAI({ baseURL: mixed.gateway.baseURL, apiKey: 'dev', maxRetries: 0 });
      assert.equal((await openai.models.retrieve('opus-via-openai')).owned_by, 'sluice-config');
      assert.equal((await openai.models.retrieve('claude-opus-4-1')).id, 'claude-opus-4-1');
      assert.equal((await openai.models.retrieve('oai/gpt-4o-mini')).owned_by, 'oai');
      await assert.rejects(openai.models.retrieve('nobody-knows'), (error: unknown) => {
        assert.ok(error instanceof OpenAI.NotFoundError);
        assert.match(error.message, /nobody-knows/);
        return true;
      });
      const listed = (await openai.models.list()).data.map((model) => model.id);
      assert.ok(listed.includes('opus-via-openai'));
      assert.ok(!listed.includes('claude-opus-*'), 'a glob names no model');
    });
  });
});
