import assert from 'node:assert/strict';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { adminClient } from '../helpers/admin-client';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-the-fuzz-test';
const REQUESTS = 1_500;
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

/** One request's fault, and the field a 400 for it must name (when the route reads what carries the fault). */
interface Fault {
  kind: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The `param` a 400 must carry, on routes that read the faulty part. */
  field?: string;
  /** The fault is in the JSON body, read by the shared parser; otherwise in a JSON header of a model call. */
  carrier?: 'body' | 'model-call-header';
  /** Sent with a Content-Length far over the limit, and only a few bytes of body. */
  hugeContentLength?: boolean;
}

/** Issue #15's truncated upload: a multipart body cut off inside the file part. */
const TRUNCATED_MULTIPART =
  '--x\r\nContent-Disposition: form-data; name="file"; filename="a.jsonl"\r\n\r\n{"custom_id"';
const BODY_FIELDS = ['metadata', 'messages', 'name', 'input', 'body', 'targets', 'model', 'input_file_id', 'api_key'];
const BAD_TEXTS: [kind: string, text: string][] = [
  ['nul', 'a\u0000b'],
  ['lone-high-surrogate', 'prompt \ud800'],
  ['lone-low-surrogate', '\udc00 tail'],
  ['reversed-surrogates', '\udc00\ud800'],
];

/** A body whose one fault sits at a chosen field, deep or at the top. */
function faultyBodies(next: () => number): Fault {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const field = pick(BODY_FIELDS);
  const choice = next();
  if (choice < 0.3) {
    const depth = pick([65, 200, 20_000]);
    return { kind: `deep-${depth}`, body: `{"${field}":${deepText(depth)}}`, field, carrier: 'body' };
  }
  const [kind, text] = pick(BAD_TEXTS);
  if (choice < 0.55) return { kind, body: JSON.stringify({ [field]: text }), field, carrier: 'body' };
  if (choice < 0.8) {
    const body = {
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'user', content: text },
      ],
    };
    return { kind: `${kind}-nested`, body: JSON.stringify(body), field: 'messages.1.content', carrier: 'body' };
  }
  const key = `k${text}`;
  return {
    kind: `${kind}-key`,
    body: JSON.stringify({ [key]: 1 }),
    field: JSON.stringify(key).slice(1, -1),
    carrier: 'body',
  };
}

function deepText(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const EVIL_CONFIG = JSON.stringify({
  strategy: 'conditional',
  conditions: [{ when: { 'last_message.content': { $regex: '^(a+)+$' } }, then: 'a' }],
  default: 'a',
  targets: [{ name: 'a', provider: 'openai' }],
});
/** JSON headers of a model call that are wrong, each with the field its 400 names. */
const HEADER_FAULTS: Fault[] = (
  [
    { kind: 'config-not-json', headers: { 'x-sluice-config': '{"targets":' }, field: 'x-sluice-config' },
    {
      kind: 'config-evil-regex',
      headers: { 'x-sluice-config': EVIL_CONFIG },
      field: 'x-sluice-config.conditions.0.when.last_message.content.$regex',
    },
    {
      kind: 'config-deep',
      headers: { 'x-sluice-config': `{"targets":${deepText(1_000)}}` },
      field: 'x-sluice-config.targets',
    },
    {
      kind: 'config-nul',
      headers: { 'x-sluice-config': '{"targets":[{"provider":"open\\u0000ai"}]}' },
      field: 'x-sluice-config.targets.0.provider',
    },
    { kind: 'metadata-not-json', headers: { 'x-sluice-metadata': '{"a":' }, field: 'x-sluice-metadata' },
    { kind: 'metadata-array', headers: { 'x-sluice-metadata': '[1,2]' }, field: 'x-sluice-metadata' },
    {
      kind: 'metadata-surrogate',
      headers: { 'x-sluice-metadata': '{"plan":"\\ud800"}' },
      field: 'x-sluice-metadata.plan',
    },
    {
      kind: 'metadata-deep',
      headers: { 'x-sluice-metadata': `{"plan":${deepText(2_000)}}` },
      field: 'x-sluice-metadata.plan',
    },
    { kind: 'rate-limit-garbage', headers: { 'x-sluice-rate-limit': ';;;' }, field: 'x-sluice-rate-limit' },
    { kind: 'rate-limit-unit', headers: { 'x-sluice-rate-limit': '5;w=60;u=bananas' }, field: 'x-sluice-rate-limit' },
  ] as Fault[]
).map((fault) => ({ ...fault, carrier: 'model-call-header' as const }));

/** Gemini's dialect: its errors name the field in their message (Gemini's error shape has no param). */
const GEMINI_ROUTE = '/v1beta/models/m:generateContent';
/** Anthropic's dialect: the Messages API and its token count. */
const ANTHROPIC_ROUTES = ['/v1/messages', '/v1/messages/count_tokens'];
/** Routes whose errors name a faulty field in their message, having no `param`. */
const NAMED_IN_MESSAGE = [...ANTHROPIC_ROUTES, GEMINI_ROUTE];
/** A valid body for each model-call route, so that a header is a request's only fault. */
const VALID_BODIES: Record<string, string> = {
  '/v1/chat/completions': JSON.stringify(chatBody),
  '/v1/messages': JSON.stringify({ ...chatBody, max_tokens: 5 }),
  '/v1/embeddings': JSON.stringify({ model: 'm', input: 'hi' }),
  '/v1/completions': JSON.stringify({ model: 'm', prompt: 'hi' }),
  '/v1/moderations': JSON.stringify({ input: 'hi' }),
  '/v1/rerank': JSON.stringify({ model: 'm', query: 'q', documents: ['d'] }),
  '/v1/images/generations': JSON.stringify({ model: 'm', prompt: 'a lighthouse' }),
  '/v1/audio/speech': JSON.stringify({ model: 'm', input: 'hi', voice: 'alloy' }),
  '/v1/jobs': JSON.stringify({ body: chatBody }),
  [GEMINI_ROUTE]: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
};
const HOT_ROUTES = Object.keys(VALID_BODIES);

/** Whether the shared JSON body parser reads this request's body (docs/limits-and-input.md). */
function readsJsonBody(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD') return false;
  if (HOT_ROUTES.includes(path)) return method === 'POST';
  if (path.startsWith('/admin/queues')) return false;
  return ['/v1/jobs/', '/v1/batches', '/admin/'].some((prefix) => path.startsWith(prefix));
}

interface Reply {
  status: number;
  contentType: string;
  text: string;
}

const agent = new Agent({ keepAlive: false });

/** One request over node:http, which (unlike fetch) sends any header, a body with any method, and a false length. */
function sendRaw(
  url: string,
  method: string,
  headers: Record<string, string>,
  fault: Fault,
  body: string | Buffer | undefined,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${url}`, { method, headers, agent, timeout: 20_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', () => undefined);
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', (error) => {
      if (!fault.hugeContentLength) reject(error);
    });
    if (fault.hugeContentLength) outgoing.setHeader('content-length', String(1024 ** 4));
    else if (body !== undefined) outgoing.setHeader('content-length', String(Buffer.byteLength(body)));
    outgoing.end(body);
  });
}

/** The error message and param of an answer, when it is an error in the dialect of its route. */
function dialectError(path: string, reply: Reply): { message: string; param: string | null } | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.text);
  } catch {
    return `not JSON (${reply.contentType}): ${reply.text.slice(0, 80)}`;
  }
  const object = parsed as {
    type?: unknown;
    error?: { type?: unknown; message?: unknown; param?: unknown; code?: unknown };
  };
  if (ANTHROPIC_ROUTES.includes(path)) {
    if (object.type !== 'error' || typeof object.error?.type !== 'string' || typeof object.error.message !== 'string')
      return `not Anthropic-shaped: ${reply.text.slice(0, 120)}`;
    return { message: object.error.message, param: null };
  }
  if (path.startsWith('/v1beta/')) {
    const gemini = object.error as { code?: unknown; message?: unknown; status?: unknown } | undefined;
    if (typeof gemini?.code !== 'number' || typeof gemini.message !== 'string' || typeof gemini.status !== 'string')
      return `not Gemini-shaped: ${reply.text.slice(0, 120)}`;
    return { message: gemini.message, param: null };
  }
  const error = object.error;
  if (
    !error ||
    typeof error.message !== 'string' ||
    typeof error.type !== 'string' ||
    !('param' in error) ||
    !('code' in error)
  )
    return `not OpenAI-shaped: ${reply.text.slice(0, 120)}`;
  return { message: error.message, param: typeof error.param === 'string' ? error.param : null };
}

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

  test(`${REQUESTS} malformed requests across every route: no 5xx, no crash, errors in the route's dialect naming the field`, async (t) => {
    const listed = gateway.gateway.routes;
    const unlisted = HOT_ROUTES.filter((path) => !listed.some((route) => route.path === path)).map((path) => ({
      methods: ['POST'],
      path,
    }));
    const routes = [...listed, ...unlisted];
    assert.ok(routes.length >= 10, `routes: ${JSON.stringify(routes)}`);
    t.diagnostic(`routes fuzzed: ${routes.map((route) => `${route.methods.join('|')} ${route.path}`).join(', ')}`);
    const hasJobs = routes.some((route) => route.path === '/v1/jobs' && route.methods.includes('POST'));
    const legit: Promise<unknown>[] = Array.from({ length: 8 }, (_, index) => legitStream(index));
    if (hasJobs) legit.push(...Array.from({ length: 4 }, (_, index) => legitJob(index)));
    const next = random(20_240_917);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const kinds = new Map<string, number>();
    let checkedFields = 0;
    const started = performance.now();

    /** The request `index` sends: a route, a method and one fault, all drawn from the seeded generator. */
    const draw = () => {
      let route = pick(routes);
      let method = next() < 0.9 ? pick(route.methods) : pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
      const roll = next();
      let fault: Fault;
      if (roll < 0.25) fault = { kind: 'malformed-body', body: pick(MALFORMED_BODIES) };
      else if (roll < 0.4)
        fault = { kind: 'malformed-header', headers: pick(MALFORMED_HEADERS), body: pick(MALFORMED_BODIES) };
      else if (roll < 0.65) fault = faultyBodies(next);
      else if (roll < 0.77) {
        fault = pick(HEADER_FAULTS);
        const path = pick(HOT_ROUTES);
        route = { methods: ['POST'], path };
        method = 'POST';
        fault = { ...fault, body: VALID_BODIES[path] };
      } else if (roll < 0.85) fault = { kind: 'huge-content-length', body: '{"a":1}', hugeContentLength: true };
      else {
        const boundary = next() < 0.5;
        if (next() < 0.6) {
          route = { methods: ['POST'], path: '/v1/files' };
          method = 'POST';
        }
        fault = {
          kind: boundary ? 'truncated-multipart' : 'multipart-without-boundary',
          headers: { 'content-type': boundary ? 'multipart/form-data; boundary=x' : 'multipart/form-data' },
          body: TRUNCATED_MULTIPART,
          ...(route.path === '/v1/files' && method === 'POST' ? { field: 'file' } : {}),
        };
      }
      const checked = fault.field !== undefined || fault.hugeContentLength === true;
      const parameters = checked ? ['x', 'req_123', 'vk_missing'] : PARAMETER_VALUES;
      const path = route.path.replace(/\/:[A-Za-z_]+/g, () => `/${pick(parameters)}`) + (checked ? '' : pick(QUERIES));
      const rightAuth: Record<string, string> = route.path.startsWith('/admin')
        ? { authorization: `Bearer ${ADMIN_TOKEN}` }
        : pick<Record<string, string>>([{ authorization: `Bearer ${fuzzKey}` }, { 'x-api-key': fuzzKey }]);
      const auth =
        checked || next() < 0.85
          ? rightAuth
          : pick<Record<string, string>>([
              {},
              { authorization: `Bearer ${ADMIN_TOKEN}` },
              { authorization: `Bearer ${fuzzKey}` },
            ]);
      const headers = { 'content-type': 'application/json', ...auth, ...fault.headers };
      const body = method === 'GET' || method === 'HEAD' ? undefined : fault.body;
      return { route: route.path, method, path, fault, headers, body };
    };

    /** Whether the route reads the part of the request that carries the fault, so a 400 must name its field. */
    const mustName = (request: ReturnType<typeof draw>): boolean => {
      const { fault, method, route, body } = request;
      if (fault.field === undefined || body === undefined) return false;
      if (fault.carrier === 'body') return readsJsonBody(method, route);
      if (fault.carrier === 'model-call-header') return HOT_ROUTES.includes(route) && method === 'POST';
      return route === '/v1/files' && method === 'POST';
    };

    const worker = async () => {
      for (let index = sent(); index < REQUESTS; index = sent()) {
        if (index % 100 === 50) legit.push(legitStream(1_000 + index));
        if (hasJobs && index % 300 === 150) legit.push(legitJob(1_000 + index));
        const request = draw();
        const { method, path, fault, headers, body } = request;
        kinds.set(fault.kind, (kinds.get(fault.kind) ?? 0) + 1);
        const label = `#${index} ${fault.kind}: ${method} ${path} ${JSON.stringify(headers).slice(0, 200)}`;
        let reply: Reply;
        try {
          reply = await sendRaw(`${gateway.url}${path}`, method, headers, fault, body);
        } catch (error) {
          failures.push(`${label} (${body?.length ?? 0} bytes) → ${(error as Error).message}`);
          continue;
        }
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (reply.status >= 500) failures.push(`${label} → ${reply.status} ${reply.text.slice(0, 200)}`);
        // /metrics refuses a virtual key (401) before any body matters; that too answers without reading the body.
        const refusedUnread = reply.status === 413 || (reply.status === 401 && path === '/metrics');
        if (fault.hugeContentLength && !refusedUnread) failures.push(`${label} → ${reply.status}, not 413`);
        if (reply.status < 400 || method === 'HEAD') continue;
        const error = dialectError(request.route, reply);
        if (typeof error === 'string') {
          failures.push(`${label} → ${reply.status} ${error}`);
          continue;
        }
        if (!mustName(request)) continue;
        checkedFields += 1;
        const named = NAMED_IN_MESSAGE.includes(request.route)
          ? error.message.includes(`${fault.field}`)
          : error.param === fault.field;
        if (reply.status !== 400 || !named)
          failures.push(
            `${label} → ${reply.status} should be a 400 naming ${fault.field}: ${reply.text.slice(0, 200)}`,
          );
      }
    };
    let count = 0;
    const sent = () => count++;
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    t.diagnostic(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
    t.diagnostic(`fault kinds: ${JSON.stringify(Object.fromEntries(kinds))}`);
    t.diagnostic(
      `${checkedFields} answers checked for the field they name; ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    assert.deepEqual(failures, []);
    assert.ok(checkedFields >= 300, `only ${checkedFields} answers were checked for the field they name`);
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
