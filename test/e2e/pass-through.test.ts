import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import { adminClient } from '../helpers/admin-client';
import { CompletionEventProbe } from '../helpers/completion-events';
import {
  MIXED_PROVIDER_KEYS,
  type MixedProviderGateway,
  startMixedProviderGateway,
} from '../helpers/mixed-provider-gateway';

const ADMIN_TOKEN = 'admin-token-for-pass-through';

/** The configs a pass-through names: one per account it goes to. */
const CONFIGS_YAML = [
  'configs:',
  '  vendor-openai: { targets: [ { provider: oai } ] }',
  '  vendor-gemini: { targets: [ { provider: gem } ] }',
].join('\n');

interface LoggedRecord {
  endpoint: string;
  provider: string | null;
  http_status: number;
  status: string;
  latency_ms: number;
  properties: Record<string, string>;
}

describe('pass-through of other /v1 paths', () => {
  let mixed: MixedProviderGateway;
  let events: CompletionEventProbe;
  const openAIStats = () => mixed.simulators.openai.stats();

  before(async () => {
    mixed = await startMixedProviderGateway(CONFIGS_YAML, { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN });
    events = new CompletionEventProbe(mixed.gateway.prefix);
  });
  after(async () => {
    await events.close();
    await mixed.stop();
  });
  beforeEach(() => mixed.reset());

  /** The request log's record of a request, once the logger service has written it. */
  async function logged(requestId: string | null): Promise<LoggedRecord> {
    await events.waitForGroup('logger', requestId ?? '');
    const response = await fetch(`${mixed.gateway.baseURL}/logs/${requestId}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(response.status, 200);
    return (await response.json()) as LoggedRecord;
  }

  const passThrough = () =>
    new OpenAI({
      baseURL: mixed.gateway.baseURL,
      apiKey: ADMIN_TOKEN,
      maxRetries: 0,
      defaultHeaders: { 'x-sluice-config': 'vendor-openai' },
    });

  test('vector stores through the SDK reach the account the config names, and are logged with method, path and status', async () => {
    const sdk = passThrough();
    const { data: created, response } = await sdk.vectorStores
      .create({ name: 'handbook', metadata: { team: 'docs' } })
      .withResponse();
    assert.match(created.id, /^vs_/);
    assert.equal(openAIStats().lastHeaders.authorization, `Bearer ${MIXED_PROVIDER_KEYS.openai}`);
    assert.equal(openAIStats().lastHeaders['x-sluice-config'], undefined, 'Sluice’s own headers stay with Sluice');
    const fetched = await sdk.vectorStores.retrieve(created.id);
    assert.equal(fetched.name, 'handbook');
    const listed = await sdk.vectorStores.list();
    assert.ok(listed.data.some((store) => store.id === created.id));
    const deleted = await sdk.vectorStores.delete(created.id);
    assert.equal(deleted.deleted, true);
    await assert.rejects(
      sdk.vectorStores.retrieve(created.id),
      (error: unknown) => error instanceof OpenAI.NotFoundError,
    );

    const record = await logged(response.headers.get('x-sluice-request-id'));
    assert.equal(record.endpoint, 'passthrough');
    assert.equal(record.provider, 'oai');
    assert.equal(record.http_status, 200);
    assert.equal(record.status, 'success');
    assert.deepEqual([record.properties.method, record.properties.path], ['POST', '/v1/vector_stores']);
    assert.ok(record.latency_ms > 0);
  });

  test('a provider error keeps its status, and is logged as an error', async () => {
    const response = await fetch(`${mixed.gateway.baseURL}/vector_stores/vs_missing`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-sluice-config': 'vendor-openai' },
    });
    assert.equal(response.status, 404);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /vs_missing/);
    const record = await logged(response.headers.get('x-sluice-request-id'));
    assert.deepEqual([record.status, record.http_status, record.properties.method], ['error', 404, 'GET']);
  });

  test('the answer streams back as the provider sends it, piece by piece', async () => {
    mixed.simulators.openai.configure({ chunkDelayMs: 300 });
    const startedAt = Date.now();
    const response = await fetch(`${mixed.gateway.baseURL}/containers/cntr_1/files/cfile_1/content`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-sluice-config': 'vendor-openai' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/octet-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    const firstAfterMs = Date.now() - startedAt;
    let text = new TextDecoder().decode(first.value);
    for (let next = await reader.read(); !next.done; next = await reader.read())
      text += new TextDecoder().decode(next.value);
    const totalMs = Date.now() - startedAt;
    assert.equal(text, [1, 2, 3, 4, 5].map((line) => `line ${line} of cfile_1\n`).join(''));
    assert.ok(totalMs >= 1_200, `the provider took ${totalMs} ms`);
    assert.ok(firstAfterMs < 700, `the first piece arrived after ${firstAfterMs} ms, before the rest was sent`);
  });

  test('realtime client secrets pass through, and Sluice’s own /v1/files is never passed through', async () => {
    const headers = {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      'x-sluice-config': 'vendor-openai',
      'content-type': 'application/json',
    };
    const secret = await fetch(`${mixed.gateway.baseURL}/realtime/client_secrets`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
    });
    assert.equal(secret.status, 200);
    assert.match(((await secret.json()) as { value: string }).value, /^ek_/);
    assert.deepEqual((openAIStats().lastBody as { session: unknown }).session, {
      type: 'realtime',
      model: 'gpt-realtime',
    });
    const requests = openAIStats().requests;
    const own = await fetch(`${mixed.gateway.baseURL}/files/file-abc/content`, { headers });
    assert.notEqual(own.headers.get('x-sluice-provider'), 'oai');
    await own.body?.cancel();
    assert.equal(openAIStats().requests, requests);
  });

  test('without a key it is a 401; without a named config, or on Sluice’s own paths, a 404 that calls nobody', async () => {
    const anonymous = await fetch(`${mixed.gateway.baseURL}/vector_stores`, {
      headers: { 'x-sluice-config': 'vendor-openai' },
    });
    assert.equal(anonymous.status, 401);
    const unnamed = await fetch(`${mixed.gateway.baseURL}/vector_stores`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(unnamed.status, 404);
    assert.equal(((await unnamed.json()) as { error: { code: string } }).error.code, 'unknown_route');
    const own = await fetch(`${mixed.gateway.baseURL}/chat/anything`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-sluice-config': 'vendor-openai' },
    });
    assert.equal(own.status, 404);
    assert.equal(openAIStats().requests, 0);
    const gemini = await fetch(`${mixed.gateway.baseURL}/vector_stores`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-sluice-config': 'vendor-gemini' },
    });
    assert.equal(gemini.status, 400);
    const refused = await logged(gemini.headers.get('x-sluice-request-id'));
    assert.deepEqual([refused.status, refused.http_status, refused.provider], ['error', 400, 'gem']);
  });

  test('a virtual key passes through by its default config, within its rate limit', async () => {
    const admin = adminClient(mixed.gateway.url, ADMIN_TOKEN);
    const created = await admin.request('POST', '/admin/virtual-keys', {
      name: 'pass-through',
      config: 'vendor-openai',
      rate_limit: '2;w=60',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const keyed = new OpenAI({ baseURL: mixed.gateway.baseURL, apiKey: String(created.body.key), maxRetries: 0 });
    await keyed.vectorStores.list();
    await keyed.vectorStores.list();
    let refusedId: string | null = null;
    await assert.rejects(keyed.vectorStores.list(), (error: unknown) => {
      assert.ok(error instanceof OpenAI.RateLimitError);
      refusedId = error.headers?.get('x-sluice-request-id') ?? null;
      return true;
    });
    assert.equal(openAIStats().requests, 2);
    const refused = await logged(refusedId);
    assert.deepEqual(
      [refused.endpoint, refused.http_status, refused.properties.path, refused.provider],
      ['passthrough', 429, '/v1/vector_stores', null],
    );
  });
});
