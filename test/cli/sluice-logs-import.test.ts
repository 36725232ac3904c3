import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CSV_EXPORT_COLUMNS } from '@sluice/request-log';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { variedEvents } from '../request-log/rollup-tests';

const BIN = fileURLToPath(new URL('../../services/cli/bin/sluice.mjs', import.meta.url));
const ADMIN_TOKEN = 'admin-token-for-log-import-0123456789';

async function sluice(args: string[], env: Record<string, string>) {
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

/** Records from the last three days (inside the default 30-day retention). */
function recentRecords(count: number) {
  const shift = Date.now() - Date.parse('2026-05-13T00:00:00Z');
  return variedEvents(count, 61).map((event, index) => ({
    ...event,
    created_at: new Date(Date.parse(event.created_at) + shift).toISOString(),
    properties: index === 0 ? { team: 'a, "quoted"\nteam' } : event.properties,
  }));
}

describe('log import and export over HTTP (npx sluice logs import, GET /v1/logs/export)', () => {
  let gateway: TestGateway;
  const directory = mkdtempSync(join(tmpdir(), 'sluice-logs-'));
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  before(async () => {
    gateway = await startTestGateway({
      configYaml: 'providers:\n  openai: { type: openai, api_key: sk-x }\n',
      env: { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
  });
  after(async () => {
    await gateway.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  test('imports a file with a progress bar, reports bad lines, and a second import adds nothing', async () => {
    const records = recentRecords(400);
    const file = join(directory, 'history.ndjson');
    writeFileSync(
      file,
      `${[...records.slice(0, 200).map((record) => JSON.stringify(record)), '{oops', ...records.slice(200).map((record) => JSON.stringify(record))].join('\n')}\n`,
    );
    const env = { SLUICE_URL: gateway.url, SLUICE_ADMIN_TOKEN: ADMIN_TOKEN };
    const first = await sluice(['logs', 'import', file], env);
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stderr, /\] 100% [\d.]+\/[\d.]+ MB done/);
    assert.match(first.stderr, /^line 201: not valid JSON$/m);
    assert.deepEqual(JSON.parse(first.stdout), {
      lines: 401,
      inserted: 400,
      duplicates: 0,
      failed: 1,
      errors: [{ line: 201, message: 'not valid JSON' }],
    });
    const second = await sluice(['logs', 'import', file], env);
    assert.deepEqual([JSON.parse(second.stdout).inserted, JSON.parse(second.stdout).duplicates], [0, 400]);
    const summary = await fetch(
      `${gateway.url}/v1/analytics/summary?from=${new Date(Date.now() - 4 * 86_400_000).toISOString()}`,
      {
        headers: admin,
      },
    );
    const rows = ((await summary.json()) as { data: { requests: number }[] }).data;
    assert.equal(
      rows.reduce((sum, row) => sum + row.requests, 0),
      400,
      'rollups count each record once',
    );
    const refused = await fetch(`${gateway.url}/admin/logs/import`, { method: 'POST', body: '{}' });
    assert.equal(refused.status, 401);
  });

  test('exports NDJSON and CSV with the /v1/logs filters, streamed', async () => {
    const ndjson = await fetch(`${gateway.url}/v1/logs/export?format=ndjson&cache=hit`, { headers: admin });
    assert.equal(ndjson.status, 200);
    assert.match(ndjson.headers.get('content-type') ?? '', /application\/x-ndjson/);
    const exported = (await ndjson.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { cache: string; request_body: unknown });
    assert.ok(exported.length > 0);
    assert.ok(exported.every((record) => record.cache.startsWith('hit-') && 'request_body' in record));

    const csv = await fetch(`${gateway.url}/v1/logs/export?format=csv`, { headers: admin });
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const text = await csv.text();
    assert.ok(text.startsWith(`${CSV_EXPORT_COLUMNS.join(',')}\r\n`));
    assert.ok(
      text.includes('"{""team"":""a, \\""quoted\\""\\nteam""}"'),
      'a property with a comma, quotes and a newline',
    );
    const bad = await fetch(`${gateway.url}/v1/logs/export?format=xml`, { headers: admin });
    assert.equal(bad.status, 400);
  });
});
