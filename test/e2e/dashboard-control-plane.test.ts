import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type AdminClient, adminClient } from '../helpers/admin-client';
import { CompletionEventProbe } from '../helpers/completion-events';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const ADMIN_TOKEN = 'admin-token-for-the-control-plane';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed; the dashboard browser test needs it`;

describe('the dashboard as the control plane, in a real browser (docs/dashboard.md)', { skip }, () => {
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let gateway: TestGateway;
  let admin: AdminClient;
  let probe: CompletionEventProbe;
  let client: OpenAI;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  /** A chat completion through the openai SDK with the seeding key; returns the account that served it. */
  const ask = async (content: string, headers: Record<string, string> = {}) => {
    const { response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }, { headers })
      .withResponse();
    await probe.waitForGroup('logger', response.headers.get('x-sluice-request-id') ?? '');
    return response.headers.get('x-sluice-provider');
  };

  before(async () => {
    simulator = await startOpenAISimulator();
    database = await createScratchPostgres();
    const account = `{ type: openai, base_url: "${simulator.url}", api_key: sk-simulated-key-0000 }`;
    gateway = await startTestGateway({
      configYaml: [
        `providers:\n  openai: ${account}\n  backup: ${account}`,
        'configs:\n  main:\n    targets: [ { provider: openai, model: gpt-4o-mini } ]',
        'default_config: main\n',
      ].join('\n'),
      env: {
        SLUICE_ADMIN_TOKEN: ADMIN_TOKEN,
        DATABASE_URL: database.url,
        SLUICE_MASTER_KEY: randomBytes(32).toString('base64'),
      },
    });
    admin = adminClient(gateway.url, ADMIN_TOKEN);
    probe = new CompletionEventProbe(gateway.prefix);
    const seeding = await admin.request('POST', '/admin/virtual-keys', { name: 'seeding' });
    client = new OpenAI({ baseURL: gateway.baseURL, apiKey: String(seeding.body.key), maxRetries: 0 });
    for (let step = 1; step <= 3; step += 1) {
      await ask(`agent step ${step}`, { 'x-sluice-session-id': 'run-42', 'x-sluice-user-id': 'user-a' });
    }
    await ask('a lone question', { 'x-sluice-user-id': 'user-b' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gateway.url });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // The playground asks for its run's log record until the logger has written it: 404 until then.
      const waitingForTheLogger = /\/v1\/logs\/req_/.test(message.location().url) && /404/.test(message.text());
      if (message.type() === 'error' && !waitingForTheLogger) problems.push(`console error: ${message.text()}`);
    });
    await page.goto(`${gateway.url}/`);
    await page.getByLabel('Admin token or virtual key').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who').waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await probe?.close();
    await gateway?.stop();
    await simulator?.close();
    await database?.drop();
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const open = async (tab: string) => {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: tab, exact: true }).click();
  };

  test('every range from 15 minutes to 30 days counts the fresh requests, in minute buckets up to 6 hours', async () => {
    const expected: [string, string][] = [
      ['15m', 'minute'],
      ['1h', 'minute'],
      ['6h', 'minute'],
      ['24h', 'hour'],
      ['7d', 'hour'],
      ['30d', 'day'],
    ];
    for (const [range, interval] of expected) {
      const summary = page.waitForResponse(
        (response) =>
          response.url().includes('/v1/analytics/summary') &&
          new URL(response.url()).searchParams.get('interval') === interval &&
          !new URL(response.url()).searchParams.has('group_by'),
      );
      await page.getByLabel('Time period').selectOption(range);
      const answer = await summary;
      assert.equal(answer.status(), 200, range);
      await page.waitForFunction(
        "document.querySelector('[aria-label=\"Requests\"] .kpi-value')?.textContent === '4'",
        null,
        { timeout: 10_000 },
      );
      if (range === '15m') await shot('dashboard-range-15-minutes');
    }
    await page.getByLabel('Time period').selectOption('1h');
    assert.ok((await page.locator('.chart canvas').count()) >= 4, 'the four charts are drawn');
    assert.deepEqual(problems, []);
  });

  test('the queue board opens from the header link with the signed-in session, no prompt', async () => {
    const [board] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: 'queues', exact: true }).click(),
    ]);
    await board.waitForSelector('text=Sluice queues', { timeout: 10_000 });
    assert.match(board.url(), /\/admin\/queues$/);
    await board.close();
  });

  test('a virtual key is created and shown once with a copy button, listed with its limits, and revoked', async () => {
    await open('Keys');
    const form = page.getByRole('form', { name: 'New virtual key' });
    await form.getByLabel('Key name').fill('ci-bot');
    await form.getByLabel('Rate limit').fill('100;w=60');
    await form.getByLabel('Budget (USD)').fill('5');
    await form.getByRole('button', { name: 'Create key' }).click();
    const reveal = page.getByRole('status', { name: 'New key' });
    await reveal.waitFor();
    const key = await reveal.getByLabel('The new key').inputValue();
    assert.match(key, /^sk-sluice-/);
    await reveal.getByRole('button', { name: 'Copy' }).click();
    await reveal.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), key);
    const row = page.locator('tr', { has: page.locator('td.name', { hasText: 'ci-bot' }) });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /100;w=60/);
    await row.locator('.budget', { hasText: 'of $5.00 / month' }).waitFor();
    await shot('dashboard-virtual-key-created');

    const withKey = new OpenAI({ baseURL: gateway.baseURL, apiKey: key, maxRetries: 0 });
    const answer = await withKey.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.ok(answer.choices[0]?.message.content);

    await reveal.getByRole('button', { name: 'Done' }).click();
    assert.equal(await page.getByRole('status', { name: 'New key' }).count(), 0, 'the key is not shown again');
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit key ci-bot' });
    await edit.getByLabel('Rate limit').fill('lots');
    await edit.getByRole('button', { name: 'Save' }).click();
    assert.match((await edit.getByRole('alert').textContent()) ?? '', /rate_limit/, 'the bad field is named');
    assert.deepEqual(problems.splice(0), [
      'console error: Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    await edit.getByLabel('Rate limit').fill('200;w=60');
    await edit.getByLabel('Key config').selectOption('main');
    await edit.getByLabel('Budget (USD)').fill('10');
    await edit.getByLabel('Budget period').selectOption('week');
    await edit.getByRole('button', { name: 'Save' }).click();
    await row.locator('.budget', { hasText: 'of $10.00 / week' }).waitFor();
    assert.match((await row.textContent()) ?? '', /main.*200;w=60/);
    const stored = await admin.request('GET', `/admin/virtual-keys/${await row.getAttribute('data-key-id')}`);
    assert.deepEqual(
      [stored.body.rate_limit, stored.body.config, stored.body.budget],
      ['200;w=60', 'main', { usd: 10, period: 'week', alert_webhook_signed: false }],
    );
    await shot('dashboard-virtual-key-edited');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Confirm revoke' }).click();
    await row.locator('.pill', { hasText: 'revoked' }).waitFor();
    const refused = await withKey.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .then(
        () => 200,
        (error: { status?: number }) => error.status,
      );
    assert.equal(refused, 401, 'the revoked key is refused');
    await shot('dashboard-virtual-key-revoked');
    assert.deepEqual(problems, []);
  });

  test('a provider key is set and rotated, shown by its last four characters with the rotation time', async () => {
    const row = page.locator('tr[data-provider="backup"]');
    assert.match((await row.locator('.hint').textContent()) ?? '', /none/);
    await row.getByLabel('New key for backup').fill('sk-backup-first-key-1234');
    await row.getByRole('button', { name: 'Set' }).click();
    await row.locator('.hint', { hasText: '…1234' }).waitFor();
    await row.getByLabel('New key for backup').fill('sk-backup-second-key-5678');
    await row.getByRole('button', { name: 'Rotate' }).click();
    await row.locator('.hint', { hasText: '…5678' }).waitFor();
    assert.equal(await row.locator('td.num').textContent(), '2');
    assert.notEqual(await row.locator('.rotated').textContent(), '–');
    const stored = await admin.request('GET', '/admin/provider-keys/backup');
    assert.equal(stored.body.hint, '…5678');
    assert.equal(await page.getByText('sk-backup-second-key-5678').count(), 0, 'the key itself is never shown');
    await shot('dashboard-provider-keys');
    assert.deepEqual(problems, []);
  });

  test('a config is edited with problems shown at their path, saved, diffed and rolled back; requests follow', async () => {
    assert.equal(await ask('before the edit'), 'openai');
    const listed = await admin.request('GET', '/admin/configs');
    const [fromFile] = listed.body.data as { id: string; version: null; source: string; config: unknown }[];
    assert.deepEqual(
      [fromFile?.id, fromFile?.version, fromFile?.source],
      ['main', null, 'file'],
      'the list holds the file config too',
    );
    assert.match(JSON.stringify(fromFile?.config), /"provider":"openai"/);
    await open('Configs');
    const detail = page.getByRole('region', { name: 'Config main' });
    await detail.waitFor();
    const text = detail.getByLabel('Config text');
    assert.match(await text.inputValue(), /provider: openai/);

    await text.fill('targets:\n  - provider: nowhere\n    model: gpt-4o-mini\n');
    const problem = detail.getByRole('list', { name: 'Problems' }).locator('li[data-path="targets.0.provider"]');
    await problem.waitFor();
    assert.match((await problem.textContent()) ?? '', /line 2.*targets\.0\.provider/s);
    assert.deepEqual(await detail.locator('.gutter .problem-line').allTextContents(), ['2']);
    await shot('dashboard-config-problem-at-path');
    await text.fill('targets: [\n');
    const syntax = detail.getByRole('list', { name: 'Problems' }).locator('li[data-path=""]');
    await syntax.first().waitFor();
    assert.match((await syntax.first().textContent()) ?? '', /^line \d/, 'a YAML syntax error, at its line');
    await detail.getByRole('button', { name: 'Save as new version' }).click();
    await detail.getByRole('status', { name: 'Save status' }).filter({ hasText: 'Not saved' }).waitFor();

    await text.fill('targets:\n  - provider: backup\n    model: gpt-4o-mini\n');
    await detail.getByRole('status').filter({ hasText: 'Valid.' }).waitFor();
    await detail.getByRole('button', { name: 'Save as new version' }).click();
    await detail.getByRole('status', { name: 'Save status' }).filter({ hasText: 'Saved as version 1' }).waitFor();
    assert.equal(await ask('after the first edit'), 'backup', 'the next request takes the new route');

    await detail.getByRole('radio', { name: 'JSON' }).click();
    assert.match(await text.inputValue(), /"provider": "backup"/);
    await text.fill(
      JSON.stringify({ targets: [{ provider: 'openai', model: 'gpt-4o-mini' }], retry: { attempts: 2 } }, null, 2),
    );
    await detail.getByRole('button', { name: 'Save as new version' }).click();
    await detail.getByRole('status', { name: 'Save status' }).filter({ hasText: 'Saved as version 2' }).waitFor();
    assert.equal(await ask('after the second edit'), 'openai');

    const diff = detail.getByRole('group', { name: 'Diff' });
    await diff.waitFor();
    assert.deepEqual(await diff.getByLabel('Diff from').inputValue(), '1');
    assert.ok((await diff.locator('.diff-removed').allTextContents()).some((line) => line.includes('backup')));
    assert.ok((await diff.locator('.diff-added').allTextContents()).some((line) => line.includes('openai')));
    await shot('dashboard-config-diff');

    await detail.locator('tr[data-version="1"]').getByRole('button', { name: 'Roll back to v1' }).click();
    await detail.locator('tr[data-version="3"]', { hasText: 'rolled back to v1' }).waitFor();
    assert.equal(await ask('after the rollback'), 'backup', 'the rollback is live for the next request');
    const live = await admin.request('GET', '/admin/configs/main');
    assert.equal(live.body.version, 3);
    await shot('dashboard-config-rolled-back');
    assert.deepEqual(problems, []);
  });

  test('a prompt is written, versioned, and run in the playground: streamed answer, tokens, cost, latency, logged', async () => {
    await open('Prompts');
    await page.getByLabel('New prompt id').fill('explain');
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const detail = page.getByRole('region', { name: 'Prompt explain' });
    const text = detail.getByLabel('Prompt text');
    await text.fill(
      'messages:\n  - role: user\n    content: Tell {{name}} about {{topic}}\nvariables:\n  topic: queues\n',
    );
    await detail.getByRole('status').filter({ hasText: 'Valid.' }).waitFor();
    await detail.getByRole('button', { name: 'Save as new version' }).click();
    await detail.getByRole('status', { name: 'Save status' }).filter({ hasText: 'Saved as version 1' }).waitFor();

    const playground = detail.getByRole('region', { name: 'Playground' });
    await playground.waitFor();
    assert.equal(await playground.getByLabel('Variable topic').inputValue(), 'queues', "the template's default");
    await playground.getByLabel('Variable name').fill('Ada');
    await playground.getByLabel('Run with config').selectOption('main');
    await playground.getByLabel('Run with model').fill('gpt-4o-mini');
    const run = page.waitForResponse((response) => response.url().endsWith('/v1/chat/completions'));
    await playground.getByRole('button', { name: 'Run' }).click();
    const answered = await run;
    assert.match(answered.headers()['content-type'] ?? '', /text\/event-stream/, 'the answer is streamed');
    await playground.getByLabel('Answer').filter({ hasText: 'Echo: Tell Ada about queues' }).waitFor();
    const cost = playground.getByTestId('run-cost');
    await cost.filter({ hasText: /^\$0\.0/ }).waitFor();
    const figures = (await playground.getByRole('definition').allTextContents()).join(' | ');
    assert.match(figures, /\d+ in \/ \d+ out/, figures);
    assert.match(
      figures,
      /backup · gpt-4o-mini/,
      'run with the chosen config (main routes to backup since the rollback)',
    );
    await shot('dashboard-prompt-playground');

    const requestId = answered.headers()['x-sluice-request-id'] ?? '';
    const logged = await fetch(`${gateway.url}/v1/logs/${requestId}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    }).then((response) => response.json() as Promise<Record<string, unknown>>);
    assert.deepEqual([logged.prompt_id, logged.prompt_version, logged.config_id], ['explain', 1, 'main']);
    await playground.getByRole('button', { name: requestId }).click();
    const drawer = page.getByRole('dialog', { name: 'Request detail' });
    await drawer.locator('.detail-body').waitFor();
    assert.match((await drawer.textContent()) ?? '', /Promptexplain v1/);
    await drawer.getByRole('button', { name: 'Close' }).click();
    assert.deepEqual(problems, []);
  });

  test("a session's steps are a timeline with per-step and total cost, tokens and latency; users list their cost", async () => {
    await open('Sessions');
    await page.locator('tr[data-session="run-42"]').click();
    const timeline = page.getByRole('region', { name: 'Session timeline' });
    await timeline.locator('tr.step').nth(2).waitFor();
    assert.equal(await timeline.locator('tr.step').count(), 3);
    assert.equal(await timeline.getByRole('group', { name: 'Steps' }).locator('.kpi-value').textContent(), '3');
    assert.match((await timeline.getByRole('group', { name: 'Session cost' }).textContent()) ?? '', /\$0\.0/);
    assert.equal(await timeline.locator('.lane .span').count(), 3);
    await timeline.locator('tr.step').first().click();
    const detail = page.getByRole('dialog', { name: 'Request detail' });
    await detail.locator('.detail-body').waitFor();
    assert.match((await detail.textContent()) ?? '', /agent step 1/);
    await detail.getByRole('button', { name: 'Close' }).click();
    await shot('dashboard-session-timeline');

    await open('Users');
    const users = page.getByRole('region', { name: 'Users' });
    await users.locator('tr[data-user="user-a"]').waitFor();
    assert.match((await users.locator('tr[data-user="user-a"]').textContent()) ?? '', /^user-a3/);
    assert.match((await users.locator('tr[data-user="user-b"]').textContent()) ?? '', /^user-b1/);
    await shot('dashboard-users');
    assert.deepEqual(problems, []);
  });

  test("a virtual key's session has no admin pages, and its sessions and users are its own requests only", async () => {
    const created = await admin.request('POST', '/admin/virtual-keys', { name: 'tenant' });
    const key = String(created.body.key);
    const tenant = new OpenAI({ baseURL: gateway.baseURL, apiKey: key, maxRetries: 0 });
    const { response } = await tenant.chat.completions
      .create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'mine' }] },
        { headers: { 'x-sluice-session-id': 'tenant-run', 'x-sluice-user-id': 'tenant-user' } },
      )
      .withResponse();
    await probe.waitForGroup('logger', response.headers.get('x-sluice-request-id') ?? '');
    const keyContext = await browser.newContext({ viewport: { width: 1400, height: 800 } });
    const keyPage = await keyContext.newPage();
    await keyPage.goto(`${gateway.url}/#/keys`);
    await keyPage.getByLabel('Admin token or virtual key').fill(key);
    await keyPage.getByRole('button', { name: 'Sign in' }).click();
    const tabs = keyPage.getByRole('navigation', { name: 'Pages' }).getByRole('link');
    await tabs.first().waitFor();
    assert.deepEqual(await tabs.allTextContents(), ['Overview', 'Sessions', 'Users']);
    assert.equal(await keyPage.getByRole('region', { name: 'Virtual keys' }).count(), 0, '#/keys falls back');
    await keyPage.getByRole('link', { name: 'Sessions', exact: true }).click();
    await keyPage.locator('tr[data-session="tenant-run"]').waitFor();
    assert.equal(await keyPage.locator('tr[data-session]').count(), 1, "the admin's run-42 is not this key's");
    await keyPage.getByRole('link', { name: 'Users', exact: true }).click();
    await keyPage.locator('tr[data-user="tenant-user"]').waitFor();
    assert.equal(await keyPage.locator('tr[data-user]').count(), 1);
    await keyContext.close();
  });
});
