import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { type AdminClient, adminClient } from '../helpers/admin-client';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const ADMIN_TOKEN = 'admin-token-for-dashboard-sign-in';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed; the dashboard browser test needs it`;

describe('dashboard sign-in in a real browser (docs/dashboard.md, "Sign-in")', { skip }, () => {
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let gateway: TestGateway;
  let admin: AdminClient;
  let browser: Browser;
  let virtualKey: { id: string; key: string };

  before(async () => {
    simulator = await startOpenAISimulator();
    database = await createScratchPostgres();
    gateway = await startTestGateway({
      configYaml: [
        `providers:\n  openai: { type: openai, base_url: "${simulator.url}", api_key: sk-sim }`,
        'configs:\n  cached:\n    targets: [ { provider: openai, model: gpt-4o-mini } ]\n    cache: { mode: exact }',
        'default_config: cached\n',
      ].join('\n'),
      env: { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN, DATABASE_URL: database.url },
    });
    admin = adminClient(gateway.url, ADMIN_TOKEN);
    const created = await admin.request('POST', '/admin/virtual-keys', { name: 'reader' });
    virtualKey = { id: String(created.body.id), key: String(created.body.key) };
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await gateway?.stop();
    await simulator?.close();
    await database?.drop();
  });

  test('the admin signs in through the form, opens the queue board with the cookie, and signs out', async () => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 800 } });
    const page = await context.newPage();
    let prompted = false;
    page.on('dialog', () => {
      prompted = true;
    });
    await page.goto(`${gateway.url}/`);
    await page.getByLabel('Admin token or virtual key').fill('wrong-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(
      (await page.getByRole('alert').textContent()) ?? '',
      /neither the admin token nor a valid virtual key/,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'sign-in-refused.png') });

    await page.getByLabel('Admin token or virtual key').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who').waitFor();
    assert.equal(await page.getByTestId('who').textContent(), 'admin');
    const [cookie] = await context.cookies();
    assert.equal(cookie?.name, 'sluice_session');
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Strict');
    assert.notEqual(cookie?.value, ADMIN_TOKEN);
    assert.equal(await page.evaluate('document.cookie'), '', 'no script can read the session');
    await page.screenshot({ path: join(ARTIFACTS, 'signed-in-admin.png') });

    const board = await page.goto(`${gateway.url}/admin/queues`);
    assert.equal(board?.status(), 200);
    await page.waitForSelector('text=Sluice queues', { timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'queue-board-with-session.png') });
    assert.equal(prompted, false);

    const session = `sluice_session=${cookie?.value}`;
    const foreign = await fetch(`${gateway.url}/admin/virtual-keys`, {
      method: 'POST',
      headers: { cookie: session, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'csrf' }),
    });
    assert.equal(foreign.status, 403, 'a write from another origin is refused');
    const noOrigin = await fetch(`${gateway.url}/admin/virtual-keys`, {
      method: 'POST',
      headers: { cookie: session, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'csrf' }),
    });
    assert.equal(noOrigin.status, 403, 'a write without Origin is refused');
    const created = await page.evaluate(async () => {
      const response = await fetch('/admin/virtual-keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'from-the-dashboard' }),
      });
      return response.status;
    });
    assert.equal(created, 201, 'a write from the dashboard itself passes');

    await page.goto(`${gateway.url}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token or virtual key').waitFor();
    const after = await fetch(`${gateway.url}/admin/virtual-keys`, { headers: { cookie: session } });
    assert.equal(after.status, 401, 'the signed-out session is gone on the server');
    await context.close();
  });

  test('the queue board without a session leads to the sign-in form, never a Basic prompt', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let prompted = false;
    page.on('dialog', () => {
      prompted = true;
    });
    await page.goto(`${gateway.url}/admin/queues`);
    await page.getByLabel('Admin token or virtual key').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('text=Sluice queues', { timeout: 10_000 });
    assert.match(page.url(), /\/admin\/queues$/);
    assert.equal(prompted, false);
    await context.close();
  });

  test('a virtual key signs in to a read-only view of its own requests', async () => {
    const own = await fetch(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${virtualKey.key}` },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'mine' }] }),
    });
    assert.equal(own.status, 200);
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${gateway.url}/`);
    await page.getByLabel('Admin token or virtual key').fill(virtualKey.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who').waitFor();
    assert.equal(await page.getByTestId('who').textContent(), `key ${virtualKey.id} (read-only)`);
    const status = await page.evaluate(async () => (await fetch('/admin/virtual-keys')).status);
    assert.equal(status, 401, 'a key session cannot reach the admin API');
    const logs = await page.evaluate(async () => (await fetch('/v1/logs?limit=50')).json());
    for (const row of (logs as { data: { virtual_key_id?: string }[] }).data) {
      assert.equal(row.virtual_key_id, virtualKey.id);
    }
    const cacheKpi = page.getByRole('group', { name: 'Cache', exact: true }).locator('.kpi-value');
    await page.waitForFunction(
      "document.querySelector('[aria-label=\"Cache\"] .kpi-value')?.textContent === '0%'",
      null,
      { timeout: 10_000 },
    );
    assert.equal(await cacheKpi.textContent(), '0%', 'one cache miss: a hit rate of 0, drawn on a 0–100% axis');
    await page.screenshot({ path: join(ARTIFACTS, 'signed-in-virtual-key.png') });
    await context.close();
  });
});
