import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const line = (customId: string, content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra },
  });

interface OutputLine {
  id: string;
  custom_id: string | null;
  response: {
    status_code: number;
    request_id: string;
    body: { choices?: { message: { content: string } }[]; error?: { message: string } };
  } | null;
  error: { code: string; message: string } | null;
}

async function settle(client: OpenAI, id: string, timeoutMs = 30_000): Promise<OpenAI.Batch> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = await client.batches.retrieve(id);
    if (['completed', 'failed', 'cancelled', 'expired'].includes(batch.status)) return batch;
    if (Date.now() > deadline)
      throw new Error(`batch ${id} still ${batch.status}: ${JSON.stringify(batch.request_counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function fileLines(client: OpenAI, id: string | null | undefined): Promise<OutputLine[]> {
  assert.ok(id, 'the file exists');
  const text = await (await client.files.content(id)).text();
  return text
    .trim()
    .split('\n')
    .map((entry) => JSON.parse(entry) as OutputLine);
}

describe('OpenAI Batch API with the official client (SPEC §4.3)', () => {
  let simulator: RunningSimulator;
  let gateway: TestGateway;
  let client: OpenAI;

  before(async () => {
    simulator = await startOpenAISimulator();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-x\n    limits: { concurrency: 2 }\n`,
    });
    client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused', maxRetries: 0 });
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
  });

  test('files.create → batches.create → retrieve until completed → files.content: outputs and per-line errors', async () => {
    const good = Array.from({ length: 40 }, (_, index) => line(`req-${index}`, `question ${index}`));
    const bad = [
      '{not json',
      JSON.stringify({
        custom_id: 'no-messages',
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4o-mini' },
      }),
      JSON.stringify({
        custom_id: 'wrong-url',
        method: 'POST',
        url: '/v1/embeddings',
        body: { model: 'x', input: 'y' },
      }),
      line('req-3', 'duplicate id'),
      line('streamer', 'no streams', { stream: true }),
    ];
    const text = [...good.slice(0, 20), ...bad, '', ...good.slice(20)].join('\n');
    const file = await client.files.create({
      file: await toFile(Buffer.from(text), 'requests.jsonl'),
      purpose: 'batch',
    });
    assert.equal(file.object, 'file');
    assert.equal(file.purpose, 'batch');
    assert.equal(file.bytes, Buffer.byteLength(text));
    assert.equal((await client.files.retrieve(file.id)).filename, 'requests.jsonl');

    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { run: 'nightly' },
    });
    assert.equal(created.object, 'batch');
    assert.equal(created.status, 'validating');
    assert.deepEqual(created.metadata, { run: 'nightly' });

    const done = await settle(client, created.id);
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.request_counts, { total: 45, completed: 40, failed: 5 });
    assert.ok(done.in_progress_at && done.finalizing_at && done.completed_at);
    assert.ok((done.usage?.input_tokens ?? 0) > 0);

    const outputs = await fileLines(client, done.output_file_id);
    assert.deepEqual(
      outputs.map((output) => output.custom_id),
      good.map((_, index) => `req-${index}`),
      'one line per request, in input order',
    );
    for (const [index, output] of outputs.entries()) {
      assert.match(output.id, /^batch_req_/);
      assert.equal(output.error, null);
      assert.equal(output.response?.status_code, 200);
      assert.match(output.response?.request_id ?? '', /^req_/);
      assert.equal(output.response?.body.choices?.[0]?.message.content, `Echo: question ${index}`);
    }
    const errors = await fileLines(client, done.error_file_id);
    assert.deepEqual(
      errors.map((error) => [error.custom_id, error.error?.code]),
      [
        [null, 'invalid_json'],
        ['no-messages', 'invalid_request'],
        ['wrong-url', 'invalid_url'],
        ['req-3', 'duplicate_custom_id'],
        ['streamer', 'invalid_request'],
      ],
    );
    assert.match(errors[0]?.error?.message ?? '', /^line 21: /);
    assert.match(errors[1]?.error?.message ?? '', /body\.messages/);
    assert.equal((await client.files.retrieve(done.output_file_id ?? '')).purpose, 'batch_output');

    const listed = await client.batches.list({ limit: 10 });
    assert.ok(listed.data.some((batch) => batch.id === created.id));
  });

  test('a line the provider rejects lands in the error file with the provider status and error body', async () => {
    simulator.configure({ failStatus: 400, failCount: 1 });
    const file = await client.files.create({
      file: await toFile(Buffer.from(line('only', 'reject me')), 'one.jsonl'),
      purpose: 'batch',
    });
    const done = await settle(
      client,
      (
        await client.batches.create({
          input_file_id: file.id,
          endpoint: '/v1/chat/completions',
          completion_window: '24h',
        })
      ).id,
    );
    assert.deepEqual(done.request_counts, { total: 1, completed: 0, failed: 1 });
    assert.equal(done.output_file_id, null, 'no output file without a successful line');
    const [failed] = await fileLines(client, done.error_file_id);
    assert.equal(failed?.response?.status_code, 400);
    assert.ok(failed?.response?.body.error?.message);
  });

  test('batch lines run at the lowest priority: an interactive request overtakes a running batch', async () => {
    simulator.configure({ latencyMs: 100 });
    const file = await client.files.create({
      file: await toFile(
        Buffer.from(Array.from({ length: 60 }, (_, index) => line(`slow-${index}`, `s${index}`)).join('\n')),
        'slow.jsonl',
      ),
      purpose: 'batch',
    });
    const batch = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    for (;;) {
      const current = await client.batches.retrieve(batch.id);
      if ((current.request_counts?.completed ?? 0) >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const started = Date.now();
    const answer = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'me first' }],
    });
    const waited = Date.now() - started;
    assert.equal(answer.choices[0]?.message.content, 'Echo: me first');
    const progress = await client.batches.retrieve(batch.id);
    assert.ok((progress.request_counts?.completed ?? 0) < 50, 'the batch was still running');
    assert.ok(waited < 1_000, `the interactive request waited ${waited} ms, not behind the batch's queued lines`);
    const cancelled = await client.batches.cancel(batch.id);
    assert.equal(cancelled.status, 'cancelling');
    const final = await settle(client, batch.id);
    assert.equal(final.status, 'cancelled');
    assert.ok((final.request_counts?.completed ?? 0) < 60);
    simulator.configure({ latencyMs: 0 });
    assert.equal((await client.batches.cancel(batch.id)).status, 'cancelled', 'cancelling again is harmless');
  });

  test('bad batch requests are 400s naming the field; Idempotency-Key returns the same batch', async () => {
    const file = await client.files.create({
      file: await toFile(Buffer.from(line('a', 'b')), 'a.jsonl'),
      purpose: 'batch',
    });
    const attempts: [Record<string, unknown>, string][] = [
      [{ input_file_id: 'file-nope', endpoint: '/v1/chat/completions', completion_window: '24h' }, 'input_file_id'],
      [{ input_file_id: file.id, endpoint: '/v1/images/generations', completion_window: '24h' }, 'endpoint'],
      [{ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '48h' }, 'completion_window'],
    ];
    for (const [body, field] of attempts) {
      const response = await fetch(`${gateway.baseURL}/batches`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { error: { message: string } }).error.message, new RegExp(field));
    }
    await assert.rejects(
      client.files.create({ file: await toFile(Buffer.from('x'), 'x.jsonl'), purpose: 'fine-tune' }),
      (error: unknown) => error instanceof OpenAI.APIError && error.status === 400,
    );
    const key = `batch-key-${Date.now()}`;
    const body = {
      input_file_id: file.id,
      endpoint: '/v1/chat/completions' as const,
      completion_window: '24h' as const,
    };
    const first = await client.batches.create(body, { headers: { 'Idempotency-Key': key } });
    const second = await client.batches.create(body, { headers: { 'Idempotency-Key': key } });
    assert.equal(second.id, first.id);
    assert.equal((await settle(client, first.id)).status, 'completed');
    await assert.rejects(client.batches.cancel(first.id), (error: unknown) => error instanceof OpenAI.ConflictError);
    await assert.rejects(
      client.batches.retrieve('batch_nope'),
      (error: unknown) => error instanceof OpenAI.NotFoundError,
    );
    await assert.rejects(client.files.content('file-nope'), (error: unknown) => error instanceof OpenAI.NotFoundError);
  });
});
