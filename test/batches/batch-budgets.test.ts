import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { type AdminClient, adminClient } from '../helpers/admin-client';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-batch-budget-tests';
const LINES = 20;

interface OutputLine {
  custom_id: string;
  response: { status_code: number } | null;
  error: { code: string; message: string } | null;
}

describe('a batch stops spending when its key can no longer spend', () => {
  let simulator: RunningSimulator;
  let gateway: TestGateway;
  let admin: AdminClient;

  before(async () => {
    simulator = await startOpenAISimulator();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-sim\npricing:\n  priced-model: { input: 10000, output: 10000 }\n`,
      env: { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN, SLUICE_BATCH_MAX_IN_FLIGHT: '2' },
    });
    admin = adminClient(gateway.url, ADMIN_TOKEN);
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
  });

  /**
   * Runs a batch of LINES lines to its end, polled and read back by `reader` (the admin sees every batch); `watch`
   * sees each poll until it returns true (it may act meanwhile).
   */
  async function runBatch(
    client: OpenAI,
    reader: OpenAI,
    watch?: (batch: OpenAI.Batch) => Promise<boolean | undefined>,
  ): Promise<{ batch: OpenAI.Batch; outputs: OutputLine[] }> {
    const lines = Array.from({ length: LINES }, (_, index) =>
      JSON.stringify({
        custom_id: `line-${index}`,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'priced-model', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
      }),
    );
    const file = await client.files.create({
      file: await toFile(Buffer.from(lines.join('\n')), 'lines.jsonl'),
      purpose: 'batch',
    });
    let batch = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    const deadline = Date.now() + 30_000;
    let watching = watch !== undefined;
    while (!['completed', 'failed', 'cancelled', 'expired'].includes(batch.status)) {
      if (Date.now() > deadline)
        throw new Error(`batch still ${batch.status}: ${JSON.stringify(batch.request_counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      batch = await reader.batches.retrieve(batch.id);
      if (watching && watch && (await watch(batch))) watching = false;
    }
    const outputs: OutputLine[] = [];
    for (const id of [batch.output_file_id, batch.error_file_id]) {
      if (!id) continue;
      const text = await (await reader.files.content(id)).text();
      outputs.push(
        ...text
          .trim()
          .split('\n')
          .map((entry) => JSON.parse(entry) as OutputLine),
      );
    }
    return { batch, outputs };
  }

  test('once the budget is spent, the remaining lines fail with budget_exceeded and the batch completes', async () => {
    const created = await admin.request('POST', '/admin/virtual-keys', {
      name: 'batch-budget',
      budget: { usd: 0.01, period: 'day' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: String(created.body.key), maxRetries: 0 });
    // Slow enough lines that each step's spend is settled before the step after next is queued.
    simulator.configure({ latencyMs: 150 });
    const { batch, outputs } = await runBatch(client, client).finally(() => simulator.configure({ latencyMs: 0 }));
    assert.equal(batch.status, 'completed');
    assert.equal(outputs.length, LINES);
    const refused = outputs.filter((line) => line.error?.code === 'budget_exceeded');
    const answered = outputs.filter((line) => line.response?.status_code === 200);
    assert.ok(
      answered.length >= 1 && answered.length <= 8,
      `${answered.length} lines ran: the first step and at most three more while settlement caught up`,
    );
    assert.equal(refused.length + answered.length, LINES);
    assert.match(refused[0]?.error?.message ?? '', /^line \d+: This key's daily budget of \$0\.0100 is spent/);
    assert.deepEqual(batch.request_counts, { total: LINES, completed: answered.length, failed: refused.length });
  });

  test('a key revoked while its batch runs stops it: lines not yet queued fail with key_revoked', async () => {
    const created = await admin.request('POST', '/admin/virtual-keys', { name: 'batch-revoked' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: String(created.body.key), maxRetries: 0 });
    simulator.configure({ latencyMs: 200 });
    try {
      const running = runBatch(
        client,
        new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: ADMIN_TOKEN, maxRetries: 0 }),
        async (batch) => {
          if (batch.request_counts?.completed === 0) return;
          const revoked = await admin.request('POST', `/admin/virtual-keys/${String(created.body.id)}/revoke`);
          assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
          return true;
        },
      );
      const { batch, outputs } = await running;
      const refused = outputs.filter((line) => line.error?.code === 'key_revoked');
      assert.equal(batch.status, 'completed');
      assert.ok(refused.length >= LINES - 8, `${refused.length} of ${LINES} lines refused`);
      assert.match(
        refused[0]?.error?.message ?? '',
        /^line \d+: The virtual key that submitted this work was revoked\./,
      );
    } finally {
      simulator.configure({ latencyMs: 0 });
    }
  });
});
