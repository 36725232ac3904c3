import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { type GatewayProcess, spawnGatewayProcess } from '../helpers/spawn-gateway-process';
import { deleteKeys } from '../helpers/start-test-gateway';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Job {
  id: string;
  status: string;
  webhook: { secret: string };
  attempts: unknown[];
  result?: { choices: { message: { content: string } }[] };
}

async function submitJob(url: string, content: string, webhookUrl: string): Promise<Job> {
  const response = await fetch(`${url}/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content }] },
      webhook: { url: webhookUrl },
    }),
  });
  assert.equal(response.status, 202);
  return (await response.json()) as Job;
}

async function getJob(url: string, id: string, waitS = 0): Promise<Job> {
  return (await (await fetch(`${url}/v1/jobs/${id}?wait=${waitS}`)).json()) as Job;
}

async function leaseHolder(databaseUrl: string, batchId: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ lease_owner: string | null }>(
      'SELECT lease_owner FROM batches WHERE id = $1',
      [batchId],
    );
    return rows[0]?.lease_owner ?? '';
  } finally {
    await client.end();
  }
}

/** Not yet exited (a process killed by a signal has no exit code, only a signal code). */
function alive(gateway: GatewayProcess): boolean {
  return gateway.child.exitCode === null && gateway.child.signalCode === null;
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** SPEC §1, §6: an accepted job is never lost — not when a worker, an ingress or a batch runner is killed with -9. */
describe('durability of async work across kill -9 (real processes)', () => {
  const prefix = `d${randomUUID().slice(0, 8)}`;
  const processes: GatewayProcess[] = [];
  let simulator: RunningSimulator;
  let receiver: WebhookReceiver;
  let database: ScratchPostgres;
  let common: Record<string, string>;
  const configDirectory = mkdtempSync(join(tmpdir(), 'sluice-config-'));
  const spawn = async (services: string, extra: Record<string, string> = {}) => {
    const child = await spawnGatewayProcess({ ...common, SLUICE_SERVICES: services, ...extra });
    processes.push(child);
    return child;
  };

  before(async () => {
    simulator = await startOpenAISimulator();
    receiver = await startWebhookReceiver();
    database = await createScratchPostgres();
    const config = join(configDirectory, 'sluice.yaml');
    writeFileSync(
      config,
      `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-x\n    timeout_ms: 20000\n`,
    );
    common = {
      SLUICE_CONFIG: config,
      SLUICE_QUEUE_PREFIX: prefix,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'debug',
      SLUICE_JOB_LOCK_MS: '1000',
      SLUICE_BATCH_LEASE_MS: '2000',
      SLUICE_WEBHOOK_ALLOW_PRIVATE: '1',
      SLUICE_WEBHOOK_BACKOFF_MS: '200',
      SLUICE_DRAIN_TIMEOUT_MS: '1000',
      SLUICE_BATCH_MAX_IN_FLIGHT: '20',
    };
  });
  after(async () => {
    await Promise.all(processes.filter(alive).map((child) => child.stop('SIGKILL')));
    await receiver.close();
    await simulator.close();
    await deleteKeys(REDIS_URL, prefix);
    await database.drop();
    rmSync(configDirectory, { recursive: true, force: true });
  });

  test('a worker killed mid-call: another worker runs the job again, and its webhook is delivered', async () => {
    const [ingress, , doomed] = await Promise.all([spawn('ingress'), spawn('webhooks'), spawn('worker')]);
    simulator.configure({ latencyMs: 2_500 });
    const job = await submitJob(ingress.url ?? '', 'survive a worker', `${receiver.origin}/worker-killed`);
    await waitFor(() => simulator.stats().inFlight === 1, 10_000, 'the call to reach the provider');
    assert.equal(await doomed.stop('SIGKILL'), null, 'killed, no exit code');
    const rescuer = await spawn('worker');
    const done = await getJob(ingress.url ?? '', job.id, 30);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.result?.choices[0]?.message.content, 'Echo: survive a worker');
    assert.equal(simulator.stats().requests, 2, 'the call was made again');
    const [delivered] = await receiver.waitFor(1, 10_000);
    const payload = new Webhook(job.webhook.secret).verify(
      delivered?.body ?? '',
      (delivered?.headers ?? {}) as Record<string, string>,
    ) as { data: { id: string } };
    assert.equal(payload.data.id, job.id);
    assert.ok(
      rescuer.stdout.some((entry) => entry.includes('"provider job finished"')),
      'the new worker ran it',
    );
    simulator.configure({ latencyMs: 0 });
  });

  test('the ingress killed right after its 202s: every accepted job still completes and delivers its webhook', async () => {
    receiver.received.length = 0;
    simulator.configure({ latencyMs: 1_000 });
    const ingress = processes.find((child) => child.url !== undefined) as GatewayProcess;
    const jobs = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        submitJob(ingress.url ?? '', `orphan ${index}`, `${receiver.origin}/ingress-killed`),
      ),
    );
    await ingress.stop('SIGKILL');
    const received = await receiver.waitFor(5, 20_000);
    const secrets = new Map(jobs.map((job) => [job.id, job.webhook.secret]));
    const delivered = received.map((entry) => {
      const id = String(entry.headers['webhook-id']).replace(/^msg_/, '');
      const payload = new Webhook(secrets.get(id) ?? '').verify(
        entry.body,
        entry.headers as Record<string, string>,
      ) as { type: string; data: { result: { choices: { message: { content: string } }[] } } };
      assert.equal(payload.type, 'job.succeeded');
      return payload.data.result.choices[0]?.message.content;
    });
    assert.deepEqual(delivered.sort(), jobs.map((_, index) => `Echo: orphan ${index}`).sort());
    const successor = await spawn('ingress');
    for (const job of jobs) assert.equal((await getJob(successor.url ?? '', job.id)).status, 'succeeded');
    simulator.configure({ latencyMs: 0 });
  });

  test('the batch runner killed mid-batch: another runner resumes it from its recorded progress', async () => {
    const ingress = processes.find((child) => child.url !== undefined && alive(child)) as GatewayProcess;
    await spawn('webhooks');
    simulator.configure({ latencyMs: 30 });
    const requestsBefore = simulator.stats().requests;
    const client = new OpenAI({ baseURL: `${ingress.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const lines = Array.from({ length: 150 }, (_, index) =>
      JSON.stringify({
        custom_id: `l${index}`,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `line ${index}` }] },
      }),
    );
    const file = await client.files.create({
      file: await toFile(Buffer.from(lines.join('\n')), 'durable.jsonl'),
      purpose: 'batch',
    });
    const batch = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    await waitFor(() => simulator.stats().requests - requestsBefore >= 20, 20_000, 'the batch to be under way');
    assert.ok(simulator.stats().requests - requestsBefore < 150, 'killed with lines still to enqueue');
    const holder = await leaseHolder(database.url, batch.id);
    const runner = processes.find((child) => alive(child) && holder.includes(`-${child.child.pid}-`)) as GatewayProcess;
    assert.ok(runner, `a spawned process holds the lease (${holder})`);
    await runner.stop('SIGKILL');
    let final = await client.batches.retrieve(batch.id);
    const deadline = Date.now() + 40_000;
    while (final.status !== 'completed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      final = await client.batches.retrieve(batch.id);
    }
    assert.equal(final.status, 'completed');
    assert.deepEqual(final.request_counts, { total: 150, completed: 150, failed: 0 });
    const output = (await (await client.files.content(final.output_file_id ?? '')).text()).trim().split('\n');
    assert.deepEqual(
      output.map((entry) => (JSON.parse(entry) as { custom_id: string }).custom_id),
      lines.map((_, index) => `l${index}`),
      'each line exactly once',
    );
    simulator.configure({ latencyMs: 0 });
  });
});
