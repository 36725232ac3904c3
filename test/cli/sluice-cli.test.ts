import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const BIN = fileURLToPath(new URL('../../services/cli/bin/sluice.mjs', import.meta.url));

async function sluice(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('the sluice CLI (npx sluice …)', () => {
  let simulator: RunningSimulator;
  let gateway: TestGateway;
  const directory = mkdtempSync(join(tmpdir(), 'sluice-cli-'));

  before(async () => {
    simulator = await startOpenAISimulator();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-x\n`,
    });
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
    rmSync(directory, { recursive: true, force: true });
  });

  test('batch submit --wait uploads the file, shows progress, and writes the results and errors files', async () => {
    const input = join(directory, 'questions.jsonl');
    const lines = Array.from({ length: 25 }, (_, index) =>
      JSON.stringify({
        custom_id: `q${index}`,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `q${index}` }] },
      }),
    );
    writeFileSync(input, `${[...lines, '{broken'].join('\n')}\n`);
    const result = await sluice(['batch', 'submit', input, '--wait', '--poll-ms', '100', '--metadata', 'team=cli'], {
      SLUICE_URL: gateway.url,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /batch batch_[0-9a-f]+ created/);
    assert.match(result.stderr, /\] 100% 26\/26 \(1 failed\) completed/);
    const outputs = readFileSync(join(directory, 'questions.results.jsonl'), 'utf8').trim().split('\n');
    assert.equal(outputs.length, 25);
    assert.equal((JSON.parse(outputs[7] ?? '{}') as { custom_id: string }).custom_id, 'q7');
    const errors = readFileSync(join(directory, 'questions.errors.jsonl'), 'utf8').trim().split('\n');
    assert.equal((JSON.parse(errors[0] ?? '{}') as { error: { code: string } }).error.code, 'invalid_json');
    assert.match(result.stdout, /results: .*questions\.results\.jsonl/);
  });

  test('jobs get --wait prints the finished job', async () => {
    const submitted = (await (
      await fetch(`${gateway.url}/v1/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'from the cli' }] } }),
      })
    ).json()) as { id: string };
    const result = await sluice(['jobs', 'get', submitted.id, '--wait', '--url', gateway.url]);
    assert.equal(result.code, 0, result.stderr);
    const job = JSON.parse(result.stdout) as {
      status: string;
      result: { choices: { message: { content: string } }[] };
    };
    assert.equal(job.status, 'succeeded');
    assert.equal(job.result.choices[0]?.message.content, 'Echo: from the cli');
  });

  test('mistakes are one line and exit 1: unknown jobs, unknown commands, no gateway', async () => {
    const missing = await sluice(['jobs', 'get', 'job_nope', '--url', gateway.url]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^sluice: GET \/v1\/jobs\/job_nope\?wait=0 failed with HTTP 404: No job found/);
    const unknown = await sluice(['frobnicate', 'now']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown command "frobnicate now"/);
    const down = await sluice(['batch', 'get', 'batch_x', '--url', 'http://127.0.0.1:9']);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /cannot reach the gateway at http:\/\/127\.0\.0\.1:9/);
    const help = await sluice(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /batch submit FILE\.jsonl/);
  });
});
