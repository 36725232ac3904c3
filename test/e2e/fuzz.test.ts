import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { adminClient } from '../helpers/admin-client';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-the-fuzz-test';
const REQUESTS = 1_200;
const CONCURRENCY = 8;

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function deep(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = level % 2 ? [value] : { nested: value };
  return value;
}

const chatBody = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
const MALFORMED_BODIES: (string | Buffer)[] = [
  '',
  '{',
  '[1,2',
  'nul',
  '"',
  '{"a":}',
  '{"model":"m",}',
  'NaN',
  '\u0000\u0001',
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '1e400',
  '[]',
  'null',
  '42',
  '"text"',
  '{}',
  JSON.stringify({ model: 1 }),
  JSON.stringify({ model: 'm', messages: 'x' }),
  JSON.stringify({ model: 'm', messages: [] }),
  JSON.stringify({ model: 'm', messages: [{ role: 'wizard', content: 'x' }] }),
  JSON.stringify({ model: 'm', messages: [{ role: 'user', content: { a: 1 } }] }),
  JSON.stringify({ ...chatBody, temperature: 'hot', max_tokens: -5, n: 1e9, stream: 'yes' }),
  JSON.stringify({ ...chatBody, tools: [{ type: 'function' }] }),
  JSON.stringify({ ...chatBody, prompt: { id: 5 } }),
  JSON.stringify({ ...chatBody, prompt: { id: 'nope', variables: [1] } }),
  JSON.stringify({ ...chatBody, prompt: [] }),
  JSON.stringify({ model: 'm', prompt: { id: 'greet', variables: { name: { deep: true } } } }),
  JSON.stringify({ ...chatBody, extra: deep(1_500) }),
  JSON.stringify({ model: 'm', input: [[[1]]] }),
  JSON.stringify({ model: 'x'.repeat(100_000), messages: [{ role: 'user', content: 'y'.repeat(200_000) }] }),
  JSON.stringify({ endpoint: '/v1/nowhere', body: 'x' }),
  JSON.stringify({
    body: { model: 'm', messages: [{ role: 'user' }] },
    webhook: { url: 'ftp://x' },
    priority: 'urgent',
  }),
  JSON.stringify({ name: '', budget: { usd: 'lots' }, ip_allowlist: ['::::'], rate_limit: ';;', expires_at: 'never' }),
  JSON.stringify({ api_key: 42 }),
  JSON.stringify({ name: 'nul\u0000inside', api_key: 'k\u0000' }),
  JSON.stringify({ targets: 'all' }),
  JSON.stringify({ version: -1 }),
  JSON.stringify({ template: '{{' }),
  JSON.stringify({ input_file_id: 7, endpoint: 5, completion_window: '1y' }),
  JSON.stringify({ __proto__: { polluted: true }, constructor: { prototype: { x: 1 } } }),
  Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0x7b]),
  gzipSync('{"model":"m"'),
  Buffer.from('not gzip at all'),
];
const MALFORMED_HEADERS: Record<string, string>[] = [
  {},
  { 'content-type': 'text/plain' },
  { 'content-type': 'application/json; charset=utf-16' },
  { 'content-type': 'multipart/form-data; boundary=x' },
  { 'content-type': 'application/x-www-form-urlencoded' },
  { 'content-encoding': 'gzip' },
  { 'content-encoding': 'br' },
  { 'content-encoding': 'compress' },
  { 'x-sluice-config': '{' },
  { 'x-sluice-config': '{"targets":[]}' },
  { 'x-sluice-config': 'c'.repeat(5_000) },
  { 'x-sluice-config': '{"strategy":"conditional","targets":[{"provider":"openai"}]}' },
  { 'x-sluice-metadata': '[' },
  { 'x-sluice-metadata': 'null' },
  { 'x-sluice-metadata': '{"a":' },
  { 'x-sluice-rate-limit': ';;;' },
  { 'x-sluice-rate-limit': '1e999;w=1' },
  { 'x-sluice-rate-limit': '5;w=-1;u=usd;s=property.' },
  { 'x-sluice-rate-limit': '0.000001;u=usd' },
  { 'x-sluice-cache': 'sometimes' },
  { 'x-sluice-cache-ttl': '-1' },
  { 'x-sluice-cache-refresh': 'maybe' },
  { 'x-sluice-property-team': 'p'.repeat(4_000) },
  { 'x-sluice-user-id': Buffer.from('ünïcødé 🎉').toString('latin1') },
  { 'x-sluice-omit-bodies': 'yes' },
  { authorization: 'Bearer' },
  { authorization: 'Basic !!!notbase64' },
  { authorization: `Bearer ${'k'.repeat(8_000)}` },
  { authorization: 'Bearer sk-sluice-' },
  { 'x-api-key': 'sk-sluice-forged' },
  { 'x-forwarded-for': 'not, an, address, ::::' },
  { 'idempotency-key': 'i'.repeat(3_000) },
  { traceparent: 'garbage' },
  { 'x-sluice-trace-id': '\t' },
  { accept: 'text/event-stream' },
  { 'anthropic-version': 'yesterday' },
];
const PARAMETER_VALUES = [
  'x',
  'vk_missing',
  '..',
  '%2e%2e%2f',
  '%E0%A4%A',
  '%',
  `job_${'a'.repeat(300)}`,
  '%00',
  '0',
  '-1',
  encodeURIComponent('🎉'),
  'req_123',
];
const QUERIES = [
  '',
  '?version=abc',
  '?version=-3',
  '?wait=-5',
  '?wait=1e9',
  '?limit=1e9',
  '?from=garbage&to=',
  '?status=weird',
  '?cursor=%%%',
  '?group_by=nonsense&interval=year',
  '?after=x&limit=0',
];

describe('fuzzing every endpoint with malformed requests', () => {
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let gateway: TestGateway;
  let fuzzKey: string;
  let legitKey: string;

  before(async () => {
    simulator = await startOpenAISimulator({ knobs: { chunkDelayMs: 40 } });
    database = await createScratchPostgres();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-sim\n    timeout_ms: 10000\n`,
      env: { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN, DATABASE_URL: database.url, SLUICE_BODY_LIMIT: String(2 * 1024 * 1024) },
    });
    const admin = adminClient(gateway.url, ADMIN_TOKEN);
    fuzzKey = String((await admin.request('POST', '/admin/virtual-keys', { name: 'fuzz' })).body.key);
    legitKey = String((await admin.request('POST', '/admin/virtual-keys', { name: 'legit' })).body.key);
    await admin.request('POST', '/admin/prompts/greet', { template: 'Hello {{name}}' });
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
    await database.drop();
  });

  /** A streamed chat request that must complete with the right answer, started before or during the fuzzing. */
  async function legitStream(index: number): Promise<string> {
    const response = await fetch(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${legitKey}` },
      body: JSON.stringify({
        model: 'm',
        stream: true,
        messages: [{ role: 'user', content: `legit request number ${index}` }],
      }),
    });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.ok(text.trimEnd().endsWith('data: [DONE]'), `request ${index} ended cleanly`);
    return text;
  }

  /** An async job (when the jobs API is mounted), awaited until it succeeds. */
  async function legitJob(index: number): Promise<void> {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${legitKey}` };
    const submitted = await fetch(`${gateway.baseURL}/jobs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ body: { model: 'm', messages: [{ role: 'user', content: `job ${index}` }] } }),
    });
    assert.equal(submitted.status, 202);
    const { id } = (await submitted.json()) as { id: string };
    for (let poll = 0; poll < 30; poll += 1) {
      const job = (await (await fetch(`${gateway.baseURL}/jobs/${id}?wait=2`, { headers })).json()) as {
        status: string;
      };
      if (job.status === 'succeeded') return;
      assert.ok(job.status === 'queued' || job.status === 'running', `job ${id} ${job.status}`);
    }
    assert.fail(`job ${id} did not finish`);
  }

  test(`${REQUESTS} malformed requests across every route: no 5xx, no crash, and accepted work completes`, async (t) => {
    const routes = gateway.gateway.routes;
    assert.ok(routes.length >= 10, `routes: ${JSON.stringify(routes)}`);
    t.diagnostic(`routes fuzzed: ${routes.map((route) => `${route.methods.join('|')} ${route.path}`).join(', ')}`);
    const hasJobs = routes.some((route) => route.path === '/v1/jobs' && route.methods.includes('POST'));
    const legit: Promise<unknown>[] = Array.from({ length: 8 }, (_, index) => legitStream(index));
    if (hasJobs) legit.push(...Array.from({ length: 4 }, (_, index) => legitJob(index)));
    const next = random(20_240_917);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    const worker = async () => {
      while (sent < REQUESTS) {
        const index = sent;
        sent += 1;
        if (index % 100 === 50) legit.push(legitStream(1_000 + index));
        if (hasJobs && index % 300 === 150) legit.push(legitJob(1_000 + index));
        const route = pick(routes);
        const method = next() < 0.9 ? pick(route.methods) : pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
        const path = route.path.replace(/:[A-Za-z_]+/g, () => pick(PARAMETER_VALUES)) + pick(QUERIES);
        const rightAuth: Record<string, string> = route.path.startsWith('/admin')
          ? { authorization: `Bearer ${ADMIN_TOKEN}` }
          : pick<Record<string, string>>([{ authorization: `Bearer ${fuzzKey}` }, { 'x-api-key': fuzzKey }]);
        const auth: Record<string, string> =
          next() < 0.85
            ? rightAuth
            : pick<Record<string, string>>([
                {},
                { authorization: `Bearer ${ADMIN_TOKEN}` },
                { authorization: `Bearer ${fuzzKey}` },
              ]);
        const headers = {
          'content-type': 'application/json',
          ...auth,
          ...pick(MALFORMED_HEADERS),
          ...(next() < 0.3 ? pick(MALFORMED_HEADERS) : {}),
        };
        const body = method === 'GET' || method === 'HEAD' ? undefined : pick(MALFORMED_BODIES);
        try {
          const response = await fetch(`${gateway.url}${path}`, {
            method,
            headers,
            body,
            signal: AbortSignal.timeout(20_000),
          });
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status >= 500)
            failures.push(`${method} ${path} ${JSON.stringify(headers).slice(0, 300)} → ${response.status}`);
        } catch (error) {
          const cause = (error as Error & { cause?: Error }).cause?.message ?? '';
          failures.push(
            `${method} ${path} ${JSON.stringify(headers).slice(0, 300)} (${body?.length ?? 0} bytes) → ${(error as Error).message} ${cause}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    t.diagnostic(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.deepEqual(failures, []);
    await Promise.all(legit);
    assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200, 'still up');
  });

  test('garbage on the socket is refused without taking the process down', async () => {
    const port = Number(new URL(gateway.url).port);
    const garbage = [
      'GARBAGE\r\n\r\n',
      `GET /v1/models HTTP/1.1\r\nHost: x\r\n${'x-long: '.padEnd(100_000, 'a')}\r\n\r\n`,
      'POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzzzzz',
      '\u0000\u0001\u0002',
    ];
    for (const payload of garbage) {
      const reply = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(payload));
        let text = '';
        socket.on('data', (chunk) => {
          text += chunk.toString();
        });
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
      });
      assert.ok(reply === '' || /^HTTP\/1\.1 4\d\d/.test(reply), reply.slice(0, 100));
    }
    assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200);
  });
});
