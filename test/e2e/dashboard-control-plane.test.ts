import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { browserSkip, DASHBOARD_ADMIN_TOKEN, type DashboardFixture, startDashboardFixture } from './dashboard-fixture';

describe('the dashboard as the control plane: keys, configs and prompts in a real browser (docs/dashboard.md)', {
  skip: browserSkip,
}, () => {
  let fixture: DashboardFixture;

  before(async () => {
    fixture = await startDashboardFixture();
  });
  after(async () => {
    await fixture?.stop();
  });

  test('a virtual key is created and shown once with a copy button, listed with its limits, and revoked', async () => {
    await fixture.open('Keys');
    const form = fixture.page.getByRole('form', { name: 'New virtual key' });
    await form.getByLabel('Key name').fill('ci-bot');
    await form.getByLabel('Rate limit').fill('100;w=60');
    await form.getByLabel('Budget (USD)').fill('5');
    await form.getByRole('button', { name: 'Create key' }).click();
    const reveal = fixture.page.getByRole('status', { name: 'New key' });
    await reveal.waitFor();
    const key = await reveal.getByLabel('The new key').inputValue();
    assert.match(key, /^sk-sluice-/);
    await reveal.getByRole('button', { name: 'Copy' }).click();
    await reveal.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await fixture.page.evaluate('navigator.clipboard.readText()'), key);
    const row = fixture.page.locator('tr', { has: fixture.page.locator('td.name', { hasText: 'ci-bot' }) });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /100;w=60/);
    await row.locator('.budget', { hasText: 'of $5.00 / month' }).waitFor();
    await fixture.shot('dashboard-virtual-key-created');

    const withKey = new OpenAI({ baseURL: fixture.gateway.baseURL, apiKey: key, maxRetries: 0 });
    const answer = await withKey.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.ok(answer.choices[0]?.message.content);

    await reveal.getByRole('button', { name: 'Done' }).click();
    assert.equal(await fixture.page.getByRole('status', { name: 'New key' }).count(), 0, 'the key is not shown again');
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = fixture.page.getByRole('form', { name: 'Edit key ci-bot' });
    await edit.getByLabel('Rate limit').fill('lots');
    await edit.getByRole('button', { name: 'Save' }).click();
    assert.match((await edit.getByRole('alert').textContent()) ?? '', /rate_limit/, 'the bad field is named');
    assert.deepEqual(fixture.problems.splice(0), [
      'console error: Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    await edit.getByLabel('Rate limit').fill('200;w=60');
    await edit.getByLabel('Key config').selectOption('main');
    await edit.getByLabel('Budget (USD)').fill('10');
    await edit.getByLabel('Budget period').selectOption('week');
    await edit.getByRole('button', { name: 'Save' }).click();
    await row.locator('.budget', { hasText: 'of $10.00 / week' }).waitFor();
    assert.match((await row.textContent()) ?? '', /main.*200;w=60/);
    const stored = await fixture.admin.request('GET', `/admin/virtual-keys/${await row.getAttribute('data-key-id')}`);
    assert.deepEqual(
      [stored.body.rate_limit, stored.body.config, stored.body.budget],
      ['200;w=60', 'main', { usd: 10, period: 'week', alert_webhook_signed: false }],
    );
    await fixture.shot('dashboard-virtual-key-edited');
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
    await fixture.shot('dashboard-virtual-key-revoked');
    assert.deepEqual(fixture.problems, []);
  });

  test('a provider key is set and rotated, shown by its last four characters with the rotation time', async () => {
    const row = fixture.page.locator('tr[data-provider="backup"]');
    assert.match((await row.locator('.hint').textContent()) ?? '', /none/);
    await row.getByLabel('New key for backup').fill('sk-backup-first-key-1234');
    await row.getByRole('button', { name: 'Set' }).click();
    await row.locator('.hint', { hasText: '…1234' }).waitFor();
    await row.getByLabel('New key for backup').fill('sk-backup-second-key-5678');
    await row.getByRole('button', { name: 'Rotate' }).click();
    await row.locator('.hint', { hasText: '…5678' }).waitFor();
    assert.equal(await row.locator('td.num').textContent(), '2');
    assert.notEqual(await row.locator('.rotated').textContent(), '–');
    const stored = await fixture.admin.request('GET', '/admin/provider-keys/backup');
    assert.equal(stored.body.hint, '…5678');
    assert.equal(await fixture.page.getByText('sk-backup-second-key-5678').count(), 0, 'the key itself is never shown');
    await fixture.shot('dashboard-provider-keys');
    assert.deepEqual(fixture.problems, []);
  });

  test('a config is edited with problems shown at their path, saved, diffed and rolled back; requests follow', async () => {
    assert.equal(await fixture.ask('before the edit'), 'openai');
    const listed = await fixture.admin.request('GET', '/admin/configs');
    const [fromFile] = listed.body.data as { id: string; version: null; source: string; config: unknown }[];
    assert.deepEqual(
      [fromFile?.id, fromFile?.version, fromFile?.source],
      ['main', null, 'file'],
      'the list holds the file config too',
    );
    assert.match(JSON.stringify(fromFile?.config), /"provider":"openai"/);
    await fixture.open('Configs');
    const detail = fixture.page.getByRole('region', { name: 'Config main' });
    await detail.waitFor();
    const text = detail.getByLabel('Config text');
    assert.match(await text.inputValue(), /provider: openai/);

    await text.fill('targets:\n  - provider: nowhere\n    model: gpt-4o-mini\n');
    const problem = detail.getByRole('list', { name: 'Problems' }).locator('li[data-path="targets.0.provider"]');
    await problem.waitFor();
    assert.match((await problem.textContent()) ?? '', /line 2.*targets\.0\.provider/s);
    assert.deepEqual(await detail.locator('.gutter .problem-line').allTextContents(), ['2']);
    await fixture.shot('dashboard-config-problem-at-path');
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
    assert.equal(await fixture.ask('after the first edit'), 'backup', 'the next request takes the new route');

    await detail.getByRole('radio', { name: 'JSON' }).click();
    assert.match(await text.inputValue(), /"provider": "backup"/);
    await text.fill(
      JSON.stringify({ targets: [{ provider: 'openai', model: 'gpt-4o-mini' }], retry: { attempts: 2 } }, null, 2),
    );
    await detail.getByRole('button', { name: 'Save as new version' }).click();
    await detail.getByRole('status', { name: 'Save status' }).filter({ hasText: 'Saved as version 2' }).waitFor();
    assert.equal(await fixture.ask('after the second edit'), 'openai');

    const diff = detail.getByRole('group', { name: 'Diff' });
    await diff.waitFor();
    assert.deepEqual(await diff.getByLabel('Diff from').inputValue(), '1');
    assert.ok((await diff.locator('.diff-removed').allTextContents()).some((line) => line.includes('backup')));
    assert.ok((await diff.locator('.diff-added').allTextContents()).some((line) => line.includes('openai')));
    await fixture.shot('dashboard-config-diff');

    await detail.locator('tr[data-version="1"]').getByRole('button', { name: 'Roll back to v1' }).click();
    await detail.locator('tr[data-version="3"]', { hasText: 'rolled back to v1' }).waitFor();
    assert.equal(await fixture.ask('after the rollback'), 'backup', 'the rollback is live for the next request');
    const live = await fixture.admin.request('GET', '/admin/configs/main');
    assert.equal(live.body.version, 3);
    await fixture.shot('dashboard-config-rolled-back');
    assert.deepEqual(fixture.problems, []);
  });

  test('a prompt is written, versioned, and run in the playground: streamed answer, tokens, cost, latency, logged', async () => {
    await fixture.open('Prompts');
    await fixture.page.getByLabel('New prompt id').fill('explain');
    await fixture.page.getByRole('button', { name: 'New', exact: true }).click();
    const detail = fixture.page.getByRole('region', { name: 'Prompt explain' });
    const text = detail.getByLabel('Prompt text');
    await text.fill(
      'messages:\n  - role: user\n    content: Tell {{name}} about {{topic}}\nvariables:\n  topic: queues\n',
    );
    await detail.getByRole('status').filter({ hasText: 'Valid.' }).waitFor();
    await detail.getByRole('button', { name: 'Save as new version' }).click();
    await detail.getByRole('status', { name: 'Save status' }).filter({ hasText: 'Saved as version 1' }).waitFor();

    const playground = detail.getByRole('region', { name: 'Playground' });
    await playground.waitFor();
    // The playground fills the template's defaults in an effect after its first render.
    await fixture.page.waitForFunction(`document.querySelector('input[aria-label="Variable topic"]')?.value !== ''`);
    assert.equal(await playground.getByLabel('Variable topic').inputValue(), 'queues', "the template's default");
    await playground.getByLabel('Variable name').fill('Ada');
    await playground.getByLabel('Run with config').selectOption('main');
    await playground.getByLabel('Run with model').fill('gpt-4o-mini');
    const run = fixture.page.waitForResponse((response) => response.url().endsWith('/v1/chat/completions'));
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
    await fixture.shot('dashboard-prompt-playground');

    const requestId = answered.headers()['x-sluice-request-id'] ?? '';
    const logged = await fetch(`${fixture.gateway.url}/v1/logs/${requestId}`, {
      headers: { authorization: `Bearer ${DASHBOARD_ADMIN_TOKEN}` },
    }).then((response) => response.json() as Promise<Record<string, unknown>>);
    assert.deepEqual([logged.prompt_id, logged.prompt_version, logged.config_id], ['explain', 1, 'main']);
    await playground.getByRole('button', { name: requestId }).click();
    const drawer = fixture.page.getByRole('dialog', { name: 'Request detail' });
    await drawer.locator('.detail-body').waitFor();
    assert.match((await drawer.textContent()) ?? '', /Promptexplain v1/);
    await drawer.getByRole('button', { name: 'Close' }).click();
    assert.deepEqual(fixture.problems, []);
  });
});
