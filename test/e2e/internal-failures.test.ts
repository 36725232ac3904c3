import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { parseConfigText, parseEnv } from '@sluice/config';
import { createLogger } from '@sluice/observability';
import { adapterFor, type ProviderAdapter } from '@sluice/providers';
import {
  connectRedis,
  createQueueCatalog,
  ensureRedisReachable,
  ProviderQueues,
  type RedisClient,
  ReplyPublisher,
} from '@sluice/queues';
import {
  type JobDelivery,
  type RunningWorkerService,
  replyDelivery,
  startWorkerService,
  type WorkerServiceOptions,
} from '@sluice/worker';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

/** What the injected faults say: none of it may reach a client. */
const DELIVERY_FAULT = 'reply channel refused the message (internal detail 7f3a)';
const TRANSLATOR_FAULT = 'cannot read properties of undefined (internal detail 9c1e)';

/**
 * A gateway whose worker runs in the test with two faults it can switch on: reply delivery that fails after the
 * provider answered, and a translator that throws on the provider's answer. Every retry and fallback is allowed, and
 * one failure counted by the breaker would open the primary's circuit.
 */
describe("Sluice's own failures around a provider call", () => {
  let primary: RunningSimulator;
  let secondary: RunningSimulator;
  let postgres: ScratchPostgres;
  let gateway: TestGateway;
  let redis: RedisClient;
  let queues: ProviderQueues;
  let worker: RunningWorkerService;
  let workerConnections: WorkerServiceOptions['blocking'];
  const logs: string[] = [];
  const faults = { delivery: false, stream: false, translator: false };

  before(async () => {
    primary = await startOpenAISimulator();
    secondary = await startOpenAISimulator();
    postgres = await createScratchPostgres();
    const configYaml = [
      'providers:',
      `  primary: { type: openai, base_url: "${primary.url}" }`,
      `  secondary: { type: openai, base_url: "${secondary.url}" }`,
      'configs:',
      '  chain:',
      '    strategy: fallback',
      '    retry: { attempts: 3, on_status: [500, 502, 503], backoff_ms: 10 }',
      '    fallback_on: [500, 502, 503, timeout, network]',
      '    targets:',
      '      - { provider: primary, model: model-a }',
      '      - { provider: secondary, model: model-b }',
      'default_config: chain',
    ].join('\n');
    const env = { DATABASE_URL: postgres.url, SLUICE_BREAKER_FAILURES: '1' };
    gateway = await startTestGateway({ configYaml, env, services: ['ingress'] });
    const rawEnv = { ...process.env, ...env, SLUICE_QUEUE_PREFIX: gateway.prefix, SLUICE_DRAIN_TIMEOUT_MS: '2000' };
    const parsedEnv = parseEnv(rawEnv);
    const config = parseConfigText(configYaml, rawEnv, 'test config');
    redis = connectRedis(parsedEnv, 'command');
    await ensureRedisReachable(redis, parsedEnv);
    const catalog = createQueueCatalog(gateway.prefix);
    queues = new ProviderQueues(redis, catalog);
    const replies = replyDelivery(new ReplyPublisher(redis));
    const delivery: JobDelivery = {
      ...replies,
      async succeeded(job, result) {
        if (faults.delivery) throw new Error(DELIVERY_FAULT);
        await replies.succeeded(job, result);
      },
      // The start reaches the client; the chunks that go with it, and any after, cannot be delivered.
      async streamStarted(job, start) {
        if (!faults.stream) return replies.streamStarted(job, start);
        await replies.streamStarted(job, { ...start, chunks: [] });
        throw new Error(DELIVERY_FAULT);
      },
      async chunks(job, data) {
        if (faults.stream) throw new Error(DELIVERY_FAULT);
        await replies.chunks(job, data);
      },
    };
    const adapters = (type: Parameters<typeof adapterFor>[0]): ProviderAdapter => {
      const adapter = adapterFor(type);
      return {
        ...adapter,
        fromChatResponse(body, context) {
          if (faults.translator) throw new TypeError(TRANSLATOR_FAULT);
          return adapter.fromChatResponse(body, context);
        },
      };
    };
    workerConnections = { workers: connectRedis(parsedEnv, 'blocking'), cancels: connectRedis(parsedEnv, 'blocking') };
    worker = await startWorkerService({
      settings: parsedEnv,
      blocking: workerConnections,
      config,
      catalog,
      redis,
      queues,
      logger: createLogger({ level: 'error', destination: { write: (line: string) => logs.push(line) } }),
      delivery,
      adapters,
    });
  });
  after(async () => {
    await worker?.stop();
    workerConnections?.workers.disconnect();
    await queues?.close();
    redis?.disconnect();
    await gateway?.stop();
    await postgres?.drop();
    await primary?.close();
    await secondary?.close();
  });
  beforeEach(() => {
    faults.delivery = false;
    faults.stream = false;
    faults.translator = false;
    primary.reset();
    secondary.reset();
  });

  test('an answer that cannot be delivered: the provider is called once, the client gets a 500 naming the request', async () => {
    faults.delivery = true;
    const { status, requestId, text } = await chat(gateway, 'deliver me', false);
    assert.equal(status, 500);
    assert.ok(requestId, 'the answer names the request in x-sluice-request-id');
    const error = (JSON.parse(text) as { error: { message: string; code: string } }).error;
    assert.ok(error.message.includes(requestId), `the message names ${requestId}: ${error.message}`);
    assert.equal(error.code, 'internal_error');
    assert.ok(!text.includes('internal detail'), 'the cause is not quoted to the client');
    assert.equal(primary.stats().requests, 1, 'no second, paid call');
    assert.equal(secondary.stats().requests, 0, 'no fallback either');
    assert.ok(
      logs.some((line) => line.includes(requestId) && line.includes('7f3a')),
      'the cause is logged under the request id',
    );
  });

  test('a translator that throws: no retry, no fallback, no breaker count, no internal message', async () => {
    faults.translator = true;
    const { status, requestId, text } = await chat(gateway, 'translate me', false);
    assert.equal(status, 500);
    const error = (JSON.parse(text) as { error: { message: string } }).error;
    assert.ok(error.message.includes(requestId), `the message names ${requestId}: ${error.message}`);
    assert.ok(!text.includes('internal detail') && !text.includes('TypeError'), text);
    assert.equal(primary.stats().requests, 1, 'not retried');
    assert.equal(secondary.stats().requests, 0, 'not moved to another provider');
    assert.ok(logs.some((line) => line.includes(requestId) && line.includes('9c1e')));

    faults.translator = false;
    const next = await chat(gateway, 'after the bug', false);
    assert.equal(next.status, 200);
    assert.equal(next.provider, 'primary', "the primary's circuit stayed closed (one counted failure would open it)");
  });

  test('a stream chunk that cannot be delivered ends the stream with an internal error, not a provider one', async () => {
    faults.stream = true;
    const { status, requestId, text } = await chat(gateway, 'stream me', true);
    assert.equal(status, 200, 'the stream had started');
    assert.ok(text.includes(requestId), `the error event names ${requestId}: ${text}`);
    assert.ok(!text.includes('closed the stream'), 'not reported as the provider closing the stream');
    assert.ok(!text.includes('internal detail'));
    assert.equal(primary.stats().requests, 1);
    assert.equal(secondary.stats().requests, 0);
  });
});

async function chat(
  gateway: TestGateway,
  content: string,
  stream: boolean,
): Promise<{ status: number; requestId: string; provider: string | null; text: string }> {
  const response = await fetch(`${gateway.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'chain', stream, messages: [{ role: 'user', content }] }),
  });
  return {
    status: response.status,
    requestId: response.headers.get('x-sluice-request-id') ?? '',
    provider: response.headers.get('x-sluice-provider'),
    text: await response.text(),
  };
}
