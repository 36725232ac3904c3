import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { CompletionEventProbe } from '../helpers/completion-events';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startAnthropicSimulator, startOpenAISimulator } from '../simulators/index';
import { parseServerSentEvents } from '../simulators/parse-server-sent-events';

interface LogRow {
  status: string;
  http_status: number;
  error: string | null;
  attempts: { provider: string; status: number | string }[];
}

const MALFORMED = /the provider's answer was malformed/i;

describe('a provider answer of the wrong shape is a 502 upstream_invalid_response', () => {
  let broken: RunningSimulator;
  let good: RunningSimulator;
  let claude: RunningSimulator;
  let database: ScratchPostgres;
  let gateway: TestGateway;
  let events: CompletionEventProbe;

  before(async () => {
    [broken, good, claude] = await Promise.all([
      startOpenAISimulator(),
      startOpenAISimulator(),
      startAnthropicSimulator(),
    ]);
    database = await createScratchPostgres();
    const once = 'retry: { attempts: 1 }';
    gateway = await startTestGateway({
      configYaml: [
        'providers:',
        `  broken: { type: openai, base_url: "${broken.url}", api_key: sk-broken }`,
        `  good: { type: openai, base_url: "${good.url}", api_key: sk-good }`,
        `  claude: { type: anthropic, base_url: "${claude.url}", api_key: sk-ant }`,
        'configs:',
        '  broken:',
        '    targets: [ { provider: broken, model: gpt-4o-mini } ]',
        '    retry: { attempts: 2, backoff_ms: 10 }',
        '    cache: { mode: exact, ttl_s: 600 }',
        `  rescued: { strategy: fallback, ${once}, targets: [ { provider: broken, model: gpt-4o-mini }, { provider: good, model: gpt-4o-mini } ] }`,
        `  claude-broken: { ${once}, targets: [ { provider: claude, model: claude-3-5-haiku-latest } ] }`,
        `  claude-rescued: { strategy: fallback, ${once}, targets: [ { provider: claude, model: claude-3-5-haiku-latest }, { provider: good, model: gpt-4o-mini } ] }`,
        `  embed-broken: { ${once}, targets: [ { provider: broken, model: text-embedding-3-small } ] }`,
        `  embed-rescued: { strategy: fallback, ${once}, targets: [ { provider: broken, model: text-embedding-3-small }, { provider: good, model: text-embedding-3-small } ] }`,
      ].join('\n'),
      env: { DATABASE_URL: database.url, SLUICE_BREAKER_FAILURES: '1000' },
    });
    events = new CompletionEventProbe(gateway.prefix);
  });
  after(async () => {
    await events.close();
    await gateway.stop();
    await Promise.all([broken.close(), good.close(), claude.close()]);
    await database.drop();
  });
  beforeEach(() => {
    broken.configure({ malformed: 'shape' });
    claude.configure({ malformed: 'shape' });
  });

  const post = async (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await fetch(`${gateway.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    return {
      status: response.status,
      body: (isJson ? JSON.parse(text) : {}) as Record<string, unknown>,
      text,
      requestId: response.headers.get('x-sluice-request-id') ?? '',
      headers: response.headers,
    };
  };
  const chat = (model: string, content: string, extra: Record<string, unknown> = {}) =>
    post('/v1/chat/completions', { model, messages: [{ role: 'user', content }], ...extra });
  const messages = (model: string, content: string, extra: Record<string, unknown> = {}) =>
    post('/v1/messages', { model, max_tokens: 64, messages: [{ role: 'user', content }], ...extra });
  const logRow = async (requestId: string) => {
    await events.waitForGroup('logger', requestId);
    const response = await fetch(`${gateway.url}/v1/logs/${requestId}`);
    assert.equal(response.status, 200);
    return (await response.json()) as LogRow;
  };
  const assertOpenAIInvalid = (answer: { status: number; body: Record<string, unknown> }) => {
    assert.equal(answer.status, 502, JSON.stringify(answer.body));
    const error = answer.body.error as { code: string; type: string; message: string };
    assert.equal(error.code, 'upstream_invalid_response');
    assert.equal(error.type, 'upstream_error');
    assert.match(error.message, MALFORMED);
  };
  const assertAnthropicInvalid = (answer: { status: number; body: Record<string, unknown> }) => {
    assert.equal(answer.status, 502, JSON.stringify(answer.body));
    assert.equal(answer.body.type, 'error');
    const error = answer.body.error as { type: string; message: string };
    assert.equal(error.type, 'api_error');
    assert.match(error.message, MALFORMED);
  };

  test('chat: 502, retried as an upstream failure, logged as an error, and never cached', async () => {
    const before = broken.stats().requests;
    const failed = await chat('broken', 'cache me if you can');
    assertOpenAIInvalid(failed);
    assert.equal(broken.stats().requests - before, 2, 'retried like a 502 from the provider');
    assert.equal(failed.headers.get('x-sluice-attempts'), '2');
    const row = await logRow(failed.requestId);
    assert.deepEqual([row.status, row.http_status], ['error', 502]);
    assert.match(row.error ?? '', MALFORMED);
    assert.deepEqual(
      row.attempts.map((attempt) => attempt.status),
      [502, 502],
    );
    await events.waitForGroup('cache', failed.requestId);

    broken.configure({ malformed: undefined });
    const answered = await chat('broken', 'cache me if you can');
    assert.equal(answered.status, 200);
    assert.equal(answered.headers.get('x-sluice-cache'), 'miss', 'the malformed answer was not cached');
    await events.waitForGroup('cache', answered.requestId);
    const cached = await chat('broken', 'cache me if you can');
    assert.equal(cached.headers.get('x-sluice-cache'), 'hit-exact', 'a good answer is');
  });

  test('chat: a fallback target with a good answer serves the request', async () => {
    const answer = await chat('rescued', 'rescue me');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('x-sluice-provider'), 'good');
    assert.equal(answer.headers.get('x-sluice-attempts'), '2');
    assert.equal((answer.body.choices as { message: { content: string } }[])[0]?.message.content, 'Echo: rescue me');
    const row = await logRow(answer.requestId);
    assert.equal(row.status, 'success');
    assert.deepEqual(
      row.attempts.map((attempt) => [attempt.provider, attempt.status]),
      [
        ['broken', 502],
        ['good', 200],
      ],
    );
  });

  test('streamed chat: garbage before the first chunk falls back; after it, the stream ends with an error event', async () => {
    const rescued = await chat('rescued', 'stream rescue', { stream: true });
    assert.equal(rescued.status, 200);
    assert.equal(rescued.headers.get('x-sluice-provider'), 'good');
    assert.equal(parseServerSentEvents(rescued.text).at(-1)?.data, '[DONE]');

    for (const mode of ['mid-stream', 'no-terminal'] as const) {
      broken.configure({ malformed: mode });
      const cut = await chat('broken', `stream cut ${mode}`, { stream: true });
      assert.equal(cut.status, 200, mode);
      const sent = parseServerSentEvents(cut.text);
      assert.match(sent[0]?.data ?? '', /"role":"assistant"/, 'what came before stays with the client');
      const last = sent.at(-1);
      assert.equal(last?.event, 'error', mode);
      assert.equal(JSON.parse(last?.data ?? '{}').error.code, 'upstream_invalid_response');
      assert.ok(!sent.some((event) => event.data === '[DONE]'), 'never a clean-looking end');
      const row = await logRow(cut.requestId);
      assert.deepEqual([row.status, row.http_status], ['error', 502], mode);
    }
    const whole = parseServerSentEvents((await chat('broken', 'stream cut no-terminal', { stream: true })).text);
    const content = whole.flatMap((event) => {
      if (event.event === 'error') return [];
      return [(JSON.parse(event.data) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content];
    });
    assert.equal(content.join(''), 'Echo: stream cut no-terminal', 'every chunk before the cut was relayed');
  });

  test('embeddings: 502, and a fallback target serves them', async () => {
    const failed = await post('/v1/embeddings', { model: 'embed-broken', input: 'embed me' });
    assertOpenAIInvalid(failed);
    const row = await logRow(failed.requestId);
    assert.deepEqual([row.status, row.http_status], ['error', 502]);
    const rescued = await post('/v1/embeddings', { model: 'embed-rescued', input: 'embed me' });
    assert.equal(rescued.status, 200);
    assert.equal(rescued.headers.get('x-sluice-provider'), 'good');
    assert.ok(Array.isArray((rescued.body.data as { embedding: number[] }[])[0]?.embedding));
  });

  test('/v1/messages from an Anthropic upstream: an Anthropic-shaped 502, and a fallback serves it', async () => {
    const failed = await messages('claude-broken', 'hello claude');
    assertAnthropicInvalid(failed);
    const row = await logRow(failed.requestId);
    assert.deepEqual([row.status, row.http_status], ['error', 502]);
    const rescued = await messages('claude-rescued', 'hello claude');
    assert.equal(rescued.status, 200);
    assert.equal(rescued.body.type, 'message');
    assert.deepEqual(rescued.body.content, [{ type: 'text', text: 'Echo: hello claude' }]);

    // Events apart, so the first is relayed before the garbage arrives (a forwarded stream holds back nothing more).
    claude.configure({ malformed: 'mid-stream', chunkDelayMs: 30 });
    const cut = await messages('claude-broken', 'stream claude', { stream: true });
    const last = parseServerSentEvents(cut.text).at(-1);
    assert.equal(last?.event, 'error');
    assert.match(JSON.parse(last?.data ?? '{}').error.message, MALFORMED);
  });

  test('/v1/messages translated to an OpenAI upstream: an Anthropic-shaped 502, not a 500', async () => {
    const failed = await messages('broken', 'translate me');
    assertAnthropicInvalid(failed);
    const row = await logRow(failed.requestId);
    assert.deepEqual([row.status, row.http_status], ['error', 502]);
    const rescued = await messages('rescued', 'translate me');
    assert.equal(rescued.status, 200);
    assert.deepEqual(rescued.body.content, [{ type: 'text', text: 'Echo: translate me' }]);
  });
});
