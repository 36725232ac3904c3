import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import { adminClient } from '../helpers/admin-client';
import { CompletionEventProbe } from '../helpers/completion-events';
import { type MixedProviderGateway, startMixedProviderGateway } from '../helpers/mixed-provider-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-completions-moderations-rerank';
const RERANK_KEY = 'co-sim-rerank-key-0123456789';
const PROMPT = 'Say this is a test';

/** A rerank account (a Cohere-style server), and the routing configs the suite names. */
function extraYaml(rerankUrl: string): string {
  return [
    `  rr: { type: openai, base_url: "${rerankUrl}", api_key: "${RERANK_KEY}", rerank: true, timeout_ms: 5000 }`,
    'configs:',
    '  vendor-openai: { targets: [ { provider: oai } ] }',
    '  claude-then-openai:',
    '    strategy: fallback',
    '    targets: [ { provider: claude, model: claude-haiku-4-5 }, { provider: oai, model: gpt-3.5-turbo-instruct } ]',
  ].join('\n');
}

interface LoggedRecord {
  endpoint: string;
  provider: string | null;
  http_status: number;
  status: string;
  latency_ms: number;
  prompt_tokens: number;
  completion_tokens: number;
  search_units: number;
  cost_usd: number;
  properties: Record<string, string>;
  request_body?: unknown;
}

describe('completions, moderations and rerank through the provider queues', () => {
  let mixed: MixedProviderGateway;
  let rerankServer: RunningSimulator;
  let client: OpenAI;
  let events: CompletionEventProbe;
  const openAIStats = () => mixed.simulators.openai.stats();

  before(async () => {
    rerankServer = await startOpenAISimulator({ knobs: { requiredApiKey: RERANK_KEY } });
    mixed = await startMixedProviderGateway(extraYaml(rerankServer.url), { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN });
    client = new OpenAI({ baseURL: mixed.gateway.baseURL, apiKey: ADMIN_TOKEN, maxRetries: 0 });
    events = new CompletionEventProbe(mixed.gateway.prefix);
  });
  after(async () => {
    await events.close();
    await mixed.stop();
    await rerankServer.close();
  });
  beforeEach(() => {
    mixed.reset();
    rerankServer.reset();
  });

  /** The request log's record of a request, once the logger service has written it. */
  async function logged(requestId: string | null): Promise<LoggedRecord> {
    await events.waitForGroup('logger', requestId ?? '');
    const response = await fetch(`${mixed.gateway.baseURL}/logs/${requestId}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(response.status, 200);
    return (await response.json()) as LoggedRecord;
  }

  describe('POST /v1/completions', () => {
    test('an OpenAI-compatible account gets the request as it came, and its answer comes back as it was sent', async () => {
      const sent = `{"model":"gpt-3.5-turbo-instruct","prompt":"${PROMPT}","max_tokens":30,"echo":true,"suffix":null,"best_of":1,"logit_bias":{"50256":-100}}`;
      const response = await fetch(`${mixed.gateway.baseURL}/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${ADMIN_TOKEN}`,
          'x-sluice-config': 'vendor-openai',
        },
        body: sent,
      });
      assert.equal(response.status, 200);
      assert.equal(openAIStats().lastRawBody, sent, 'forwarded byte for byte');
      assert.equal(openAIStats().lastPath, '/v1/completions');
      const body = (await response.json()) as { object: string; choices: { text: string }[] };
      assert.equal(body.object, 'text_completion');
      assert.equal(body.choices[0]?.text, `${PROMPT}Echo: ${PROMPT}`, 'echo is honoured natively');
      const record = await logged(response.headers.get('x-sluice-request-id'));
      assert.equal(record.endpoint, 'completions');
      assert.equal(record.provider, 'oai');
      assert.ok(record.prompt_tokens > 0 && record.completion_tokens > 0);
      assert.deepEqual((record.request_body as { logit_bias: unknown }).logit_bias, { '50256': -100 });
    });

    test('client.completions.create, plain and streamed, against OpenAI and an Azure deployment', async () => {
      const completion = await client.completions.create({ model: 'oai/gpt-3.5-turbo-instruct', prompt: PROMPT });
      assert.equal(completion.object, 'text_completion');
      assert.equal(completion.model, 'gpt-3.5-turbo-instruct');
      assert.equal(completion.choices[0]?.text, `Echo: ${PROMPT}`);
      assert.equal(completion.usage?.prompt_tokens, Math.ceil(PROMPT.length / 4));
      assert.equal((openAIStats().lastBody as { model: string }).model, 'gpt-3.5-turbo-instruct');

      const stream = await client.completions.create({
        model: 'oai/gpt-3.5-turbo-instruct',
        prompt: PROMPT,
        stream: true,
      });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      assert.ok(chunks.length > 2);
      assert.ok(chunks.every((chunk) => chunk.object === 'text_completion'));
      assert.equal(chunks.map((chunk) => chunk.choices[0]?.text ?? '').join(''), `Echo: ${PROMPT}`);
      assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'stop');
      assert.ok(
        chunks.every((chunk) => chunk.usage === undefined),
        'the usage chunk Sluice asked for is not relayed to a client that did not ask',
      );
      assert.deepEqual((openAIStats().lastBody as { stream_options: unknown }).stream_options, { include_usage: true });

      const withUsage = await client.completions.create({
        model: 'az/instruct-deployment',
        prompt: PROMPT,
        stream: true,
        stream_options: { include_usage: true },
      });
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of withUsage) usage = chunk.usage ?? usage;
      assert.equal(usage?.prompt_tokens, Math.ceil(PROMPT.length / 4));
      assert.match(
        mixed.simulators.azure.stats().lastPath,
        /^\/openai\/deployments\/instruct-deployment\/completions\?api-version=/,
      );
    });

    test('Anthropic and Gemini accounts answer a chat translation, in the completions shape, plain and streamed', async () => {
      const completion = await client.completions.create({
        model: 'claude/claude-haiku-4-5',
        prompt: [PROMPT],
        max_tokens: 50,
      });
      assert.equal(completion.object, 'text_completion');
      assert.match(completion.id, /^cmpl-|^msg_/);
      assert.equal(completion.choices[0]?.text, `Echo: ${PROMPT}`);
      assert.equal(completion.choices[0]?.finish_reason, 'stop');
      const sentToClaude = mixed.simulators.anthropic.stats().lastBody as { messages: unknown; max_tokens: number };
      assert.deepEqual(sentToClaude.messages, [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }]);
      assert.equal(sentToClaude.max_tokens, 50);

      const stream = await client.completions.create({
        model: 'gem/gemini-2.0-flash',
        prompt: PROMPT,
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of stream) {
        assert.equal(chunk.object, 'text_completion');
        text += chunk.choices[0]?.text ?? '';
        usage = chunk.usage ?? usage;
      }
      assert.equal(text, `Echo: ${PROMPT}`);
      assert.ok((usage?.completion_tokens ?? 0) > 0);
    });

    test('what chat cannot carry is a 400 in OpenAI’s shape naming the field, before any provider is called', async () => {
      for (const [field, extra] of [
        ['suffix', { suffix: '\n// end' }],
        ['echo', { echo: true }],
        ['best_of', { best_of: 2 }],
        ['prompt', { prompt: ['one', 'two'] }],
      ] as [string, Partial<OpenAI.CompletionCreateParamsNonStreaming>][]) {
        await assert.rejects(
          client.completions.create({ model: 'claude/claude-haiku-4-5', prompt: PROMPT, ...extra }),
          (error: unknown) => {
            assert.ok(error instanceof OpenAI.BadRequestError, String(error));
            assert.equal(error.param, field);
            assert.match(error.message, /chat translation/);
            return true;
          },
        );
      }
      assert.equal(mixed.simulators.anthropic.stats().requests, 0);
      await assert.rejects(
        client.completions.create({ model: 'claude-then-openai', prompt: PROMPT, suffix: 'x' }),
        (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'suffix',
        'a plan with a translated target refuses it even when a later target would take it',
      );
    });
  });

  describe('virtual keys, limits and properties', () => {
    test('a key’s rate limit counts completions, and the request’s properties reach the log', async () => {
      const admin = adminClient(mixed.gateway.url, ADMIN_TOKEN);
      const created = await admin.request('POST', '/admin/virtual-keys', { name: 'completions', rate_limit: '1;w=60' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const keyed = new OpenAI({
        baseURL: mixed.gateway.baseURL,
        apiKey: String(created.body.key),
        maxRetries: 0,
        defaultHeaders: { 'x-sluice-property-team': 'search' },
      });
      const { response } = await keyed.completions
        .create({ model: 'claude/claude-haiku-4-5', prompt: PROMPT })
        .withResponse();
      await assert.rejects(
        keyed.completions.create({ model: 'claude/claude-haiku-4-5', prompt: PROMPT }),
        (error: unknown) => error instanceof OpenAI.RateLimitError,
      );
      const record = await logged(response.headers.get('x-sluice-request-id'));
      assert.equal(record.properties.team, 'search');
      assert.equal(record.endpoint, 'completions');
      assert.equal(mixed.simulators.anthropic.stats().requests, 1);
    });
  });

  describe('POST /v1/moderations', () => {
    test('client.moderations.create is forwarded to the OpenAI-compatible account, with or without a model', async () => {
      const moderation = await client.moderations.create({
        model: 'oai/omni-moderation-latest',
        input: 'violence ahead',
      });
      assert.equal(moderation.results[0]?.flagged, true);
      assert.equal(moderation.results[0]?.categories.violence, true);
      assert.equal(openAIStats().lastPath, '/v1/moderations');
      const unnamed = await client.moderations.create({ input: ['a calm sentence', 'another'] }).withResponse();
      assert.equal(unnamed.data.results.length, 2);
      assert.equal(unnamed.data.results[0]?.flagged, false);
      assert.equal((openAIStats().lastBody as { model?: string }).model, undefined, 'the body went as it came');
      const record = await logged(unnamed.response.headers.get('x-sluice-request-id'));
      assert.equal(record.endpoint, 'moderations');
      assert.equal(record.provider, 'oai');
    });

    test('an account that does not serve moderations is a 400 naming it', async () => {
      await assert.rejects(
        client.moderations.create({ model: 'claude/claude-haiku-4-5', input: 'x' }),
        (error: unknown) =>
          error instanceof OpenAI.BadRequestError &&
          error.code === 'unsupported_endpoint' &&
          /provider "claude" \(type anthropic\)/.test(error.message),
      );
    });
  });

  describe('POST /v1/rerank', () => {
    test('the Cohere/Jina body is forwarded to the rerank account, priced per search and logged', async () => {
      const body = {
        model: 'rr/rerank-v3.5',
        query: 'capital of the united states',
        documents: [
          'Carson City is the capital of Nevada.',
          'Washington, D.C. is the capital of the United States.',
          'Paris',
        ],
        top_n: 2,
        return_documents: true,
      };
      const { data, response } = await client
        .post<{ results: { index: number; relevance_score: number; document?: { text: string } }[] }>('/rerank', {
          body,
        })
        .withResponse();
      assert.deepEqual(
        data.results.map((result) => result.index),
        [1, 0],
      );
      assert.equal(data.results[0]?.document?.text, body.documents[1]);
      assert.equal((rerankServer.stats().lastBody as { model: string }).model, 'rerank-v3.5');
      assert.equal(rerankServer.stats().lastHeaders.authorization, `Bearer ${RERANK_KEY}`);
      const record = await logged(response.headers.get('x-sluice-request-id'));
      assert.equal(record.endpoint, 'rerank');
      assert.equal(record.search_units, 1);
      assert.ok(Math.abs(record.cost_usd - 0.002) < 1e-9, `one search at $2 per 1,000: ${record.cost_usd}`);
    });

    test('an account without rerank: true, and a body not in the rerank shape, are 400s', async () => {
      const send = (body: unknown) =>
        fetch(`${mixed.gateway.baseURL}/rerank`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
          body: JSON.stringify(body),
        });
      const unflagged = await send({ model: 'oai/rerank-v3.5', query: 'q', documents: ['d'] });
      assert.equal(unflagged.status, 400);
      assert.match(((await unflagged.json()) as { error: { message: string } }).error.message, /provider "oai"/);
      const shapeless = await send({ model: 'rr/rerank-v3.5', query: 'q', documents: [] });
      assert.equal(shapeless.status, 400);
      assert.equal(((await shapeless.json()) as { error: { param: string } }).error.param, 'documents');
    });
  });
});
