import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { FunctionTool, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { type MixedProviderGateway, startMixedProviderGateway } from '../helpers/mixed-provider-gateway';
import { waitForLogRecord } from '../helpers/wait-for-log-record';

const lookup: FunctionTool = {
  type: 'function',
  name: 'lookup',
  description: 'Looks a thing up',
  parameters: { type: 'object', properties: { echo: { type: 'string' } }, required: ['echo'] },
  strict: false,
};
const providers = [
  { name: 'an OpenAI-compatible server', account: 'oai', model: 'oai/gpt-4o-mini', simulator: 'openai' },
  { name: 'Anthropic', account: 'claude', model: 'claude/claude-haiku-4-5', simulator: 'anthropic' },
  { name: 'Gemini', account: 'gem', model: 'gem/gemini-2.5-flash', simulator: 'gemini' },
] as const;
const tokens = (text: string) => Math.ceil(text.length / 4);

describe('the openai SDK’s responses API through Sluice, translated', () => {
  let mixed: MixedProviderGateway;
  let client: OpenAI;
  before(async () => {
    mixed = await startMixedProviderGateway(
      [
        'configs:',
        '  cached:',
        '    strategy: single',
        '    targets: [{ provider: claude, model: claude-haiku-4-5 }]',
        '    cache: { mode: exact, ttl_s: 600 }',
      ].join('\n'),
    );
    client = new OpenAI({ baseURL: mixed.gateway.baseURL, apiKey: 'dev', maxRetries: 0 });
  });
  after(async () => mixed.stop());
  beforeEach(() => mixed.reset());

  for (const provider of providers) {
    describe(provider.name, () => {
      const lastBody = () => mixed.simulators[provider.simulator].stats().lastBody as Record<string, unknown>;

      test('a plain response: the response object, output_text and usage', async () => {
        const { data, response } = await client.responses
          .create({ model: provider.model, input: 'hello there', instructions: 'Be brief.' })
          .withResponse();
        assert.match(data.id, /^resp_[0-9a-f]{48}$/);
        assert.equal(data.object, 'response');
        assert.equal(data.status, 'completed');
        assert.equal(data.output_text, 'Echo: hello there');
        assert.equal(data.instructions, 'Be brief.');
        const message = data.output[0];
        assert.ok(message?.type === 'message');
        assert.match(message.id, /^msg_/);
        assert.deepEqual(message.content, [
          { type: 'output_text', text: 'Echo: hello there', annotations: [], logprobs: [] },
        ]);
        assert.equal(data.usage?.output_tokens, tokens('Echo: hello there'));
        assert.equal(data.usage?.input_tokens_details.cached_tokens, 0);
        assert.equal(data.usage?.output_tokens_details.reasoning_tokens, 0);
        assert.equal(response.headers.get('x-sluice-provider'), provider.account);
        assert.equal(response.headers.get('x-sluice-omitted-tools'), null);
      });

      test('streamed: the typed event sequence, numbered, relayed delta by delta', async () => {
        const stream = await client.responses.create({
          model: provider.model,
          input: 'stream several words back please',
          stream: true,
        });
        const events: ResponseStreamEvent[] = [];
        for await (const event of stream) events.push(event);
        assert.deepEqual(
          events.map((event) => event.sequence_number),
          events.map((_, index) => index),
        );
        const types = [...new Set(events.map((event) => event.type))];
        assert.deepEqual(types, [
          'response.created',
          'response.in_progress',
          'response.output_item.added',
          'response.content_part.added',
          'response.output_text.delta',
          'response.output_text.done',
          'response.content_part.done',
          'response.output_item.done',
          'response.completed',
        ]);
        const deltas = events.filter((event) => event.type === 'response.output_text.delta');
        assert.ok(deltas.length > 1, 'the answer arrives in several deltas');
        assert.equal(deltas.map((event) => event.delta).join(''), 'Echo: stream several words back please');
        const completed = events.at(-1);
        assert.ok(completed?.type === 'response.completed');
        assert.equal(
          completed.response.output_text ?? outputText(completed.response.output),
          deltas.map((d) => d.delta).join(''),
        );
        assert.equal(completed.response.usage?.output_tokens, tokens('Echo: stream several words back please'));
      });

      test('function tools over two turns, the second through previous_response_id', async () => {
        const first = await client.responses.create({
          model: provider.model,
          input: 'weather in Paris?',
          tools: [lookup],
        });
        const call = first.output.find((item) => item.type === 'function_call');
        assert.ok(call?.type === 'function_call');
        assert.equal(call.name, 'lookup');
        assert.deepEqual(JSON.parse(call.arguments), { echo: 'weather in Paris?' });
        assert.ok(call.call_id.length > 0);
        const second = await client.responses.create({
          model: provider.model,
          previous_response_id: first.id,
          input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
          tools: [lookup],
        });
        assert.equal(second.status, 'completed');
        assert.equal(second.output[0]?.type, 'message', 'a tool result is answered with text');
        assert.match(second.output_text, /^Echo: /);
        assert.equal(second.previous_response_id, first.id);
        assert.ok(JSON.stringify(lastBody()).includes('sunny'), 'the tool result reached the provider');
      });

      test('streamed function call: argument deltas, then the call item', async () => {
        const stream = await client.responses.create({
          model: provider.model,
          input: 'look this up',
          tools: [lookup],
          stream: true,
        });
        const events: ResponseStreamEvent[] = [];
        for await (const event of stream) events.push(event);
        const done = events.find((event) => event.type === 'response.function_call_arguments.done');
        assert.ok(done?.type === 'response.function_call_arguments.done');
        assert.deepEqual(JSON.parse(done.arguments), { echo: 'look this up' });
        const deltas = events.filter((event) => event.type === 'response.function_call_arguments.delta');
        assert.equal(deltas.map((event) => event.delta).join(''), done.arguments);
        const completed = events.at(-1);
        assert.ok(completed?.type === 'response.completed');
        assert.equal(completed.response.output[0]?.type, 'function_call');
      });

      test('max_output_tokens cutting the answer: incomplete, with the reason', async () => {
        const response = await client.responses.create({
          model: provider.model,
          input: 'a long answer',
          max_output_tokens: 2,
        });
        assert.equal(response.status, 'incomplete');
        assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
      });
    });
  }

  describe('on any account', () => {
    const lastBody = () => mixed.simulators.openai.stats().lastBody as Record<string, unknown>;

    test('retrieve, inputItems.list and delete a stored response', async () => {
      const created = await client.responses.create({
        model: 'oai/gpt-4o-mini',
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'remember me' }] }],
      });
      const retrieved = await client.responses.retrieve(created.id);
      assert.equal(retrieved.id, created.id);
      assert.equal(retrieved.output_text, 'Echo: remember me');
      const items = await client.responses.inputItems.list(created.id);
      assert.equal(items.data.length, 1);
      const item = items.data[0];
      assert.ok(item?.type === 'message');
      assert.match(item.id, /^msg_/);
      await client.responses.delete(created.id);
      await assert.rejects(client.responses.retrieve(created.id), (error: unknown) => {
        assert.ok(error instanceof OpenAI.NotFoundError);
        return true;
      });
    });

    test('background: queued at once, polled to completion; a cancelled one stays cancelled', async () => {
      const queued = await client.responses.create({
        model: 'claude/claude-haiku-4-5',
        input: 'later',
        background: true,
      });
      assert.equal(queued.status, 'queued');
      assert.equal(queued.background, true);
      let polled = await client.responses.retrieve(queued.id);
      for (let tries = 0; polled.status === 'queued' || polled.status === 'in_progress'; tries += 1) {
        assert.ok(tries < 200, 'the background response finishes');
        await new Promise((resolve) => setTimeout(resolve, 50));
        polled = await client.responses.retrieve(queued.id);
      }
      assert.equal(polled.status, 'completed');
      assert.equal(polled.output_text, 'Echo: later');
      assert.equal(polled.id, queued.id);

      mixed.simulators.openai.configure({ latencyMs: 5_000 });
      const slow = await client.responses.create({ model: 'oai/gpt-4o-mini', input: 'never mind', background: true });
      const cancelled = await client.responses.cancel(slow.id);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal((await client.responses.retrieve(slow.id)).status, 'cancelled');
    });

    test('background with stream: relayed delta by delta as the job runs, the same events on every read', async () => {
      mixed.simulators.anthropic.configure({ chunkDelayMs: 100 });
      const stream = await client.responses.create({
        model: 'claude/claude-haiku-4-5',
        input: 'stream this one later please',
        background: true,
        stream: true,
      });
      const events: ResponseStreamEvent[] = [];
      const arrivedAt: number[] = [];
      for await (const event of stream) {
        events.push(event);
        arrivedAt.push(Date.now());
      }
      assert.equal(events[0]?.type, 'response.created');
      const deltas = events.flatMap((event, index) => (event.type === 'response.output_text.delta' ? [index] : []));
      assert.ok(deltas.length >= 5, `delta by delta: ${deltas.length}`);
      const firstDeltaAt = arrivedAt[deltas[0] as number] as number;
      assert.ok((arrivedAt.at(-1) as number) - firstDeltaAt >= 300, 'the first delta came while the job still ran');
      const completed = events.at(-1);
      assert.ok(completed?.type === 'response.completed');
      assert.equal(outputText(completed.response.output), 'Echo: stream this one later please');
      const stored = await client.responses.retrieve(completed.response.id);
      assert.deepEqual(
        stored.output.map((item) => item.id),
        completed.response.output.map((item) => item.id),
        'the stored response names its items as the stream did',
      );
      const resumed = await client.responses.retrieve(completed.response.id, { stream: true, starting_after: 2 });
      const rest: ResponseStreamEvent[] = [];
      for await (const event of resumed) rest.push(event);
      assert.deepEqual(rest, events.slice(3), 'read again: the same events, from after sequence number 2');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(mixed.simulators.anthropic.stats().requests, 1, 'the provider was called once');
    });

    test('the exact cache answers a repeated response, as a new response, streamed or not', async () => {
      const ask = () => client.responses.create({ model: 'cached', input: 'cache this response' }).withResponse();
      const first = await ask();
      assert.equal(first.response.headers.get('x-sluice-cache'), 'miss');
      let second = await ask();
      for (let tries = 0; second.response.headers.get('x-sluice-cache') !== 'hit-exact'; tries += 1) {
        assert.ok(tries < 100, 'the cache service stores the answer');
        await new Promise((resolve) => setTimeout(resolve, 50));
        second = await ask();
      }
      assert.equal(second.data.output_text, first.data.output_text);
      assert.notEqual(second.data.id, first.data.id);
      assert.equal(mixed.simulators.anthropic.stats().requests, 1);
      const stream = await client.responses.create({ model: 'cached', input: 'cache this response', stream: true });
      const events: ResponseStreamEvent[] = [];
      for await (const event of stream) events.push(event);
      const completed = events.at(-1);
      assert.ok(completed?.type === 'response.completed');
      assert.equal(outputText(completed.response.output), first.data.output_text);
    });

    test('store: false keeps nothing', async () => {
      const created = await client.responses.create({ model: 'oai/gpt-4o-mini', input: 'forget me', store: false });
      assert.equal((created as unknown as { store: boolean }).store, false);
      await assert.rejects(client.responses.retrieve(created.id), OpenAI.NotFoundError);
    });

    test('built-in tools are left out and named; namespaces are flattened and named back', async () => {
      const { data, response } = await client.responses
        .create({
          model: 'oai/gpt-4o-mini',
          input: 'find it',
          tools: [
            { type: 'web_search' },
            {
              type: 'namespace',
              name: 'crm',
              description: 'CRM tools',
              tools: [{ type: 'function', name: 'find', parameters: { type: 'object', properties: {} } }],
            },
          ],
        } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming)
        .withResponse();
      assert.equal(response.headers.get('x-sluice-omitted-tools'), 'web_search');
      const logged = await waitForLogRecord<LogRecord>(
        mixed.gateway.baseURL,
        String(response.headers.get('x-sluice-request-id')),
      );
      assert.equal(logged.properties.omitted_tools, 'web_search');
      assert.equal(logged.provider, 'oai');
      assert.equal(logged.status, 'success');
      assert.ok(logged.prompt_tokens > 0 && logged.cost_usd > 0, 'usage and cost are logged');
      const asSent = logged.request_body as { input: unknown; tools: { type: string }[] };
      assert.equal(asSent.input, 'find it', 'logged in the Responses dialect the client sent');
      assert.deepEqual(
        asSent.tools.map((tool) => tool.type),
        ['web_search', 'namespace'],
      );
      const translated = logged.translated_request_body as { messages: { role: string; content: unknown }[] };
      assert.deepEqual(translated.messages.at(-1), { role: 'user', content: 'find it' });
      const sentTools = lastBody().tools as { function: { name: string } }[];
      assert.deepEqual(
        sentTools.map((tool) => tool.function.name),
        ['crm__find'],
      );
      const call = data.output[0];
      assert.ok(call?.type === 'function_call');
      assert.equal(call.name, 'find');
      assert.equal((call as unknown as { namespace: string }).namespace, 'crm');
    });

    test('developer and system roles, text.format json_schema, sampling and effort reach the chat request', async () => {
      await client.responses.create({
        model: 'oai/gpt-4o-mini',
        input: [
          { role: 'developer', content: 'Answer in JSON.' },
          { role: 'user', content: 'hi' },
        ],
        text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
        temperature: 0.5,
        top_p: 0.9,
        max_output_tokens: 100,
        reasoning: { effort: 'low' },
        client_metadata: { from: 'codex' },
      } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
      const body = lastBody();
      assert.deepEqual(body.messages, [
        { role: 'system', content: 'Answer in JSON.' },
        { role: 'user', content: 'hi' },
      ]);
      assert.deepEqual(body.response_format, {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
      });
      assert.equal(body.temperature, 0.5);
      assert.equal(body.top_p, 0.9);
      assert.equal(body.max_completion_tokens, 100);
      assert.equal(body.reasoning_effort, 'low');
      assert.equal(body.client_metadata, undefined);
    });

    test('errors in OpenAI’s shape', async () => {
      await assert.rejects(
        client.responses.create({ model: 'oai/gpt-4o-mini', input: 'x', previous_response_id: 'resp_missing' }),
        (error: unknown) => {
          assert.ok(error instanceof OpenAI.BadRequestError);
          assert.equal(error.param, 'previous_response_id');
          return true;
        },
      );
    });
  });
});

function outputText(output: OpenAI.Responses.ResponseOutputItem[]): string {
  return output
    .flatMap((item) => (item.type === 'message' ? item.content : []))
    .map((part) => (part.type === 'output_text' ? part.text : ''))
    .join('');
}

interface LogRecord {
  properties: Record<string, string>;
  provider: string;
  status: string;
  prompt_tokens: number;
  cost_usd: number;
  request_body: unknown;
  translated_request_body?: unknown;
}
