import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { adminClient } from '../helpers/admin-client';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-hostile-input';
const BODY_LIMIT = 1024 * 1024;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
  elapsedMs: number;
}

/** Issue #15's reproduction of the crash: a multipart body cut off inside the file part. */
const TRUNCATED_UPLOAD = '--x\r\nContent-Disposition: form-data; name="file"; filename="a.jsonl"\r\n\r\n{"custom_id"';

/** The error object of an OpenAI-shaped answer (`{error: {message, type, code, param}}`). */
function openAIError(answer: Answer): { message: string; type: string; param: string | null } {
  const error = answer.body.error as { message: string; type: string; param: string | null } | undefined;
  assert.ok(error && typeof error.message === 'string', `an OpenAI error: ${JSON.stringify(answer.body)}`);
  return error;
}

/** Writes raw bytes to the gateway and reads the first response head, with how long it took to come. */
function rawExchange(url: string, head: string, body = ''): Promise<{ text: string; elapsedMs: number }> {
  const { port } = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(head + body));
    let text = '';
    const finish = () => {
      socket.destroy();
      resolve({ text, elapsedMs: performance.now() - started });
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (/^HTTP\/1\.1 [2-5]\d\d[\s\S]*\r\n\r\n/.test(text) && !text.startsWith('HTTP/1.1 100')) finish();
      else if (text.startsWith('HTTP/1.1 100') && text.split('\r\n\r\n').length > 2) finish();
    });
    socket.on('close', finish);
    socket.on('error', reject);
    setTimeout(finish, 5_000);
  });
}

/** Sends the start of a request and goes away without the rest. */
async function hangUpMidUpload(url: string, start: string): Promise<void> {
  const socket = connect(Number(new URL(url).port), '127.0.0.1', () => socket.write(start));
  socket.on('error', () => undefined);
  await new Promise((resolve) => setTimeout(resolve, 300));
  socket.destroy();
  await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('hostile input (issue #15): no crash, no stall, no 5xx', () => {
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let gateway: TestGateway;
  let key: string;

  before(async () => {
    simulator = await startOpenAISimulator();
    database = await createScratchPostgres();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-sim\n`,
      env: {
        SLUICE_ADMIN_TOKEN: ADMIN_TOKEN,
        DATABASE_URL: database.url,
        SLUICE_BODY_LIMIT: String(BODY_LIMIT),
        SLUICE_MASTER_KEY: randomBytes(32).toString('base64'),
      },
    });
    key = String(
      (await adminClient(gateway.url, ADMIN_TOKEN).request('POST', '/admin/virtual-keys', { name: 'h' })).body.key,
    );
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
    await database.drop();
  });

  async function send(
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string | Buffer },
  ) {
    const started = performance.now();
    const response = await fetch(`${gateway.url}${path}`, {
      method: init.method ?? 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
      body: init.body,
    });
    const text = await response.text();
    const elapsedMs = performance.now() - started;
    return {
      status: response.status,
      body: JSON.parse(text) as Record<string, unknown>,
      headers: response.headers,
      elapsedMs,
    };
  }

  async function alive(): Promise<void> {
    assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200, 'the gateway is still up');
  }

  test('1. a truncated multipart upload is a 400 on `file`, and the process lives (issue reproduction)', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        send('/v1/files', { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: TRUNCATED_UPLOAD }),
      ),
    );
    for (const answer of answers) {
      assert.equal(answer.status, 400);
      const error = openAIError(answer);
      assert.equal(error.param, 'file');
      assert.match(error.message, /multipart body could not be read: Unexpected end of form/);
    }
    const noBoundary = await send('/v1/files', {
      headers: { 'content-type': 'multipart/form-data' },
      body: TRUNCATED_UPLOAD,
    });
    assert.equal(noBoundary.status, 400);
    assert.equal(openAIError(noBoundary).param, 'file');
    await hangUpMidUpload(
      gateway.url,
      `POST /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000\r\n\r\n${TRUNCATED_UPLOAD}${'x'.repeat(5_000)}`,
    );
    await alive();
    const files = await send('/v1/files', { method: 'GET' });
    assert.deepEqual(files.body.data, [], 'no partial upload is listed');
  });

  test('2a. 8,000 of one character under a token rate limit is admitted at once', async () => {
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        send('/v1/chat/completions', {
          headers: { 'x-sluice-rate-limit': '100000000;w=60;u=token' },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(8_000) }] }),
        }),
      ),
    );
    assert.deepEqual(
      answers.map((answer) => answer.status),
      answers.map(() => 200),
    );
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 5_000, `20 such requests took ${elapsed.toFixed(0)} ms (issue #15: 9.4 s each)`);
    assert.match(answers[0]?.headers.get('ratelimit') ?? '', /r=\d+/);
  });

  test('2b. a $regex that backtracks catastrophically is refused by path, inline and through the admin API', async () => {
    const evil = {
      strategy: 'conditional',
      conditions: [{ when: { 'last_message.content': { $regex: '^(a+)+$' } }, then: 'a' }],
      default: 'a',
      targets: [{ name: 'a', provider: 'openai' }],
    };
    const inline = await send('/v1/chat/completions', {
      headers: { 'x-sluice-config': JSON.stringify(evil) },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `${'a'.repeat(30)}!` }] }),
    });
    assert.equal(inline.status, 400);
    assert.equal(openAIError(inline).param, 'x-sluice-config.conditions.0.when.last_message.content.$regex');
    assert.match(openAIError(inline).message, /backtrack catastrophically/);
    assert.ok(inline.elapsedMs < 1_000, `${inline.elapsedMs} ms`);
    const stored = await adminClient(gateway.url, ADMIN_TOKEN).request('POST', '/admin/configs/evil', evil);
    assert.equal(stored.status, 400);
    assert.match(JSON.stringify(stored.body), /conditions\.0\.when\.last_message\.content\.\$regex/);
    const exponentialInV8 = {
      ...evil,
      conditions: [{ when: { 'last_message.content': { $regex: '^(a|aa)+$' } }, then: 'a' }],
    };
    const linear = await send('/v1/chat/completions', {
      headers: { 'x-sluice-config': JSON.stringify(exponentialInV8) },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `${'a'.repeat(5_000)}!` }] }),
    });
    assert.equal(linear.status, 200, 'a pattern the check lets through still runs in linear time');
  });

  test('/healthz answers within 50 ms while the inputs of finding 2 are in flight', async (t) => {
    const chat = (content: string, headers: Record<string, string>) =>
      send('/v1/chat/completions', {
        headers,
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }),
      });
    const regexConfig = JSON.stringify({
      strategy: 'conditional',
      conditions: [{ when: { 'last_message.content': { $regex: '^(a|aa)+$' } }, then: 'a' }],
      default: 'a',
      targets: [{ name: 'a', provider: 'openai' }],
    });
    const evilConfig = regexConfig.replace('^(a|aa)+$', '^(a+)+$');
    const pathological = [
      () => chat('x'.repeat(8_000), { 'x-sluice-rate-limit': '100000000;w=60;u=token' }),
      () => chat(`${'a'.repeat(9_000)}!`, { 'x-sluice-config': regexConfig }),
      () => chat(`${'a'.repeat(30)}!`, { 'x-sluice-config': evilConfig }),
    ];
    const ordinary = [() => chat('Hello there', {})];
    /** Probes /healthz every few ms while 2 clients send 48 requests of a kind; the 90th percentile probe. */
    const window = async (name: string, requests: (() => Promise<Answer>)[]): Promise<number> => {
      let sent = 0;
      const client = async () => {
        for (let index = sent++; index < 48; index = sent++) {
          const answer = await (requests[index % requests.length] as () => Promise<Answer>)();
          assert.ok(answer.status === 200 || answer.status === 400, `${name}: ${answer.status}`);
        }
      };
      let inFlight = true;
      const load = Promise.all(Array.from({ length: 2 }, client)).finally(() => {
        inFlight = false;
      });
      const probes: number[] = [];
      while (inFlight || probes.length < 10) {
        const started = performance.now();
        const response = await fetch(`${gateway.url}/healthz`);
        await response.arrayBuffer();
        probes.push(performance.now() - started);
        assert.equal(response.status, 200);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await load;
      const sorted = [...probes].sort((a, b) => a - b);
      const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
      t.diagnostic(
        `${name}: ${probes.length} probes, median ${at(0.5).toFixed(1)} ms, 90th percentile ${at(0.9).toFixed(1)} ms, slowest ${at(1).toFixed(1)} ms`,
      );
      return at(0.9);
    };
    // Nine probes in ten must answer within 50 ms. On a machine shared with other work, ordinary requests alone can
    // hold probes up longer (an idle gateway's slowest probe has passed 100 ms there), so the bound is 50 ms or half
    // again what as many ordinary requests cost, measured just before, in one of up to three tries; a stall like
    // issue #15's (seconds for each such request) holds up every probe of every try.
    let typical = Number.POSITIVE_INFINITY;
    let bound = 50;
    for (let attempt = 0; attempt < 3 && typical >= bound; attempt += 1) {
      const control = await window('ordinary', ordinary);
      typical = await window('pathological', pathological);
      bound = Math.max(50, 1.5 * control);
    }
    assert.ok(typical < bound, `90th percentile /healthz: ${typical.toFixed(1)} ms, bound ${bound.toFixed(1)} ms`);
  });

  test('6. NUL in input_file_id, deep metadata and admin bodies, lone surrogates: 400s naming the field', async () => {
    const batch = await send('/v1/batches', {
      body: JSON.stringify({
        input_file_id: 'file-\u0000',
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      }),
    });
    assert.equal(batch.status, 400);
    assert.equal(openAIError(batch).param, 'input_file_id');
    assert.match(openAIError(batch).message, /input_file_id contains a NUL character/);

    const deepText = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const job = await send('/v1/jobs', {
      body: `{"body":{"model":"m","messages":[{"role":"user","content":"hi"}]},"metadata":${deepText}}`,
    });
    assert.equal(job.status, 400);
    assert.equal(openAIError(job).param, 'metadata');
    assert.match(openAIError(job).message, /metadata is nested more than 64 levels deep/);

    for (const path of [
      '/admin/virtual-keys',
      '/admin/configs/deep',
      '/admin/prompts/deep',
      '/admin/provider-keys/openai',
    ]) {
      const admin = await send(path, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        body: `{"name":${deepText}}`,
      });
      assert.equal(admin.status, 400, path);
      assert.equal(openAIError(admin).param, 'name', path);
    }

    const surrogate = await send('/v1/chat/completions', {
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi \ud800' }] }),
    });
    assert.equal(surrogate.status, 400);
    assert.equal(openAIError(surrogate).param, 'messages.0.content');
    assert.match(openAIError(surrogate).message, /lone UTF-16 surrogate/);
    const anthropic = await send('/v1/messages', {
      body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: '\udfff' }] }),
    });
    assert.equal(anthropic.status, 400);
    assert.equal(anthropic.body.type, 'error', 'Anthropic-shaped on /v1/messages');
    assert.match((anthropic.body.error as { message: string }).message, /^messages\.0\.content contains a lone/);
    const jobPrompt = await send('/v1/jobs', {
      body: JSON.stringify({ body: { model: 'm', messages: [{ role: 'user', content: '\ud800' }] } }),
    });
    assert.equal(openAIError(jobPrompt).param, 'body.messages.0.content');
    await alive();
  });

  test('6. a Content-Length over SLUICE_BODY_LIMIT is a 413 before any of the body is sent', async () => {
    for (const path of ['/v1/chat/completions', '/v1/jobs', '/admin/virtual-keys', '/v1/files', '/v1/nowhere']) {
      const token = path.startsWith('/admin') ? ADMIN_TOKEN : key;
      const head = `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${BODY_LIMIT * 1024}\r\n`;
      const plain = await rawExchange(gateway.url, `${head}\r\n`);
      assert.match(plain.text, /^HTTP\/1\.1 413 /, `${path}: ${plain.text.slice(0, 80)}`);
      assert.match(plain.text, /connection: close/i);
      assert.ok(plain.elapsedMs < 2_000, `${path}: ${plain.elapsedMs} ms`);
      const expecting = await rawExchange(gateway.url, `${head}Expect: 100-continue\r\n\r\n`);
      assert.match(expecting.text, /^HTTP\/1\.1 413 /, `${path} with Expect: no 100 Continue, only the 413`);
    }
    const small = await rawExchange(
      gateway.url,
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n`,
    );
    assert.match(small.text, /^HTTP\/1\.1 100 Continue/, 'a body within the limit is let through');
    await alive();
  });

  test('6. webhooks to IPv4-mapped and IPv4-compatible loopback forms are refused', async () => {
    for (const url of [
      'http://[::127.0.0.1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::ffff:7f00:1]/hook',
      'http://[0:0:0:0:0:ffff:7f00:1]/hook',
      'http://[::ffff:169.254.169.254]/hook',
      'http://[64:ff9b::a9fe:a9fe]/hook',
    ]) {
      const answer = await send('/v1/jobs', {
        body: JSON.stringify({ body: { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, webhook: { url } }),
      });
      assert.equal(answer.status, 400, url);
      assert.match(openAIError(answer).param ?? '', /webhook/, url);
    }
  });

  test('6. provider keys shorter than 8 characters are refused', async () => {
    const admin = adminClient(gateway.url, ADMIN_TOKEN);
    for (const short of ['x', 'sk-1234', '       k']) {
      const answer = await admin.request('PUT', '/admin/provider-keys/openai', { api_key: short });
      assert.equal(answer.status, 400, short);
      assert.equal((answer.body.error as { param: string }).param, 'api_key');
    }
    assert.equal((await admin.request('PUT', '/admin/provider-keys/openai', { api_key: 'sk-sim-12' })).status, 200);
  });
});
