import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { type AdminClient, adminClient } from '../helpers/admin-client';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-async-ownership';
const line = (customId: string, model: string) =>
  JSON.stringify({
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model, messages: [{ role: 'user', content: customId }] },
  });

describe('jobs, files and batches belong to the virtual key that created them', () => {
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let gateway: TestGateway;
  let admin: AdminClient;
  let alice: OpenAI;
  let bob: OpenAI;
  let aliceKey: string;
  let bobKey: string;

  before(async () => {
    simulator = await startOpenAISimulator();
    database = await createScratchPostgres();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-x\n`,
      env: { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN, DATABASE_URL: database.url },
    });
    admin = adminClient(gateway.url, ADMIN_TOKEN);
    aliceKey = String((await admin.request('POST', '/admin/virtual-keys', { name: 'alice' })).body.key);
    bobKey = String(
      (await admin.request('POST', '/admin/virtual-keys', { name: 'bob', allowed_models: ['gpt-4o-mini'] })).body.key,
    );
    alice = new OpenAI({ baseURL: gateway.baseURL, apiKey: aliceKey, maxRetries: 0 });
    bob = new OpenAI({ baseURL: gateway.baseURL, apiKey: bobKey, maxRetries: 0 });
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
    await database.drop();
  });

  const jobs = (key: string, method: string, path: string, body?: unknown) =>
    fetch(`${gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  test('a key sees and cancels only its own jobs; the admin sees any', async () => {
    const created = (await (
      await jobs(aliceKey, 'POST', '/v1/jobs', {
        body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'mine' }] },
      })
    ).json()) as { id: string };
    assert.equal((await jobs(aliceKey, 'GET', `/v1/jobs/${created.id}?wait=10`)).status, 200);
    assert.equal((await jobs(bobKey, 'GET', `/v1/jobs/${created.id}`)).status, 404);
    assert.equal((await jobs(bobKey, 'POST', `/v1/jobs/${created.id}/cancel`)).status, 404);
    assert.equal((await jobs(bobKey, 'GET', `/v1/jobs/${created.id}/deliveries`)).status, 404);
    const bobsList = (await (await jobs(bobKey, 'GET', '/v1/jobs')).json()) as { data: unknown[] };
    assert.equal(bobsList.data.length, 0);
    const alicesList = (await (await jobs(aliceKey, 'GET', '/v1/jobs')).json()) as { data: { id: string }[] };
    assert.deepEqual(
      alicesList.data.map((job) => job.id),
      [created.id],
    );
    assert.equal((await jobs(ADMIN_TOKEN, 'GET', `/v1/jobs/${created.id}`)).status, 200);
    assert.equal(
      (
        await jobs(bobKey, 'POST', '/v1/jobs', {
          body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] },
        })
      ).status,
      403,
      "the key's allowed_models apply to jobs",
    );
  });

  test("a key reads only its own files and batches, and cannot run another key's file", async () => {
    const file = await alice.files.create({
      file: await toFile(Buffer.from(line('a', 'gpt-4o')), 'alice.jsonl'),
      purpose: 'batch',
    });
    await assert.rejects(bob.files.retrieve(file.id), (error: unknown) => error instanceof OpenAI.NotFoundError);
    await assert.rejects(bob.files.content(file.id), (error: unknown) => error instanceof OpenAI.NotFoundError);
    await assert.rejects(
      bob.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' }),
      (error: unknown) => error instanceof OpenAI.BadRequestError,
    );
    const batch = await alice.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    await assert.rejects(bob.batches.retrieve(batch.id), (error: unknown) => error instanceof OpenAI.NotFoundError);
    await assert.rejects(bob.batches.cancel(batch.id), (error: unknown) => error instanceof OpenAI.NotFoundError);
    await assert.rejects(bob.files.delete(file.id), (error: unknown) => error instanceof OpenAI.NotFoundError);
    assert.equal((await bob.batches.list()).data.length, 0);
    assert.equal((await bob.files.list()).data.length, 0);
    assert.equal((await alice.files.list()).data.length, 1);
    let finished = batch;
    while (finished.status !== 'completed') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      finished = await alice.batches.retrieve(batch.id);
    }
    const outputFileId = finished.output_file_id ?? '';
    assert.match((await alice.files.content(outputFileId)).headers.get('content-type') ?? '', /octet-stream/);
    await assert.rejects(bob.files.retrieve(outputFileId), (error: unknown) => error instanceof OpenAI.NotFoundError);
    await assert.rejects(bob.files.content(outputFileId), (error: unknown) => error instanceof OpenAI.NotFoundError);
  });

  test('a batch line with a model the key may not use refuses the batch, naming the line', async () => {
    const file = await bob.files.create({
      file: await toFile(Buffer.from([line('ok', 'gpt-4o-mini'), line('nope', 'gpt-4o')].join('\n')), 'bob.jsonl'),
      purpose: 'batch',
    });
    await assert.rejects(
      bob.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.PermissionDeniedError);
        assert.match(error.message, /line 2: this key may not use model "gpt-4o"/);
        return true;
      },
    );
    const allowed = await bob.files.create({
      file: await toFile(Buffer.from(line('ok', 'gpt-4o-mini')), 'fine.jsonl'),
      purpose: 'batch',
    });
    const batch = await bob.batches.create({
      input_file_id: allowed.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    for (let current = batch; ; current = await bob.batches.retrieve(batch.id)) {
      if (current.status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual((await bob.batches.retrieve(batch.id)).request_counts, { total: 1, completed: 1, failed: 0 });
  });
});
