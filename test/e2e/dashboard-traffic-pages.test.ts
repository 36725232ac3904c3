import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { browserSkip, type DashboardFixture, startDashboardFixture } from './dashboard-fixture';

describe('dashboard ranges, sessions and users in a real browser (docs/dashboard.md)', {
  skip: browserSkip,
}, () => {
  let fixture: DashboardFixture;

  before(async () => {
    fixture = await startDashboardFixture();
    for (let step = 1; step <= 3; step += 1) {
      await fixture.ask(`agent step ${step}`, { 'x-sluice-session-id': 'run-42', 'x-sluice-user-id': 'user-a' });
    }
    await fixture.ask('a lone question', { 'x-sluice-user-id': 'user-b' });
  });
  after(async () => {
    await fixture?.stop();
  });

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
      const summary = fixture.page.waitForResponse(
        (response) =>
          response.url().includes('/v1/analytics/summary') &&
          new URL(response.url()).searchParams.get('interval') === interval &&
          !new URL(response.url()).searchParams.has('group_by'),
      );
      await fixture.page.getByLabel('Time period').selectOption(range);
      const answer = await summary;
      assert.equal(answer.status(), 200, range);
      await fixture.page.waitForFunction(
        "document.querySelector('[aria-label=\"Requests\"] .kpi-value')?.textContent === '4'",
        null,
        { timeout: 10_000 },
      );
      if (range === '15m') await fixture.shot('dashboard-range-15-minutes');
    }
    await fixture.page.getByLabel('Time period').selectOption('1h');
    assert.ok((await fixture.page.locator('.chart canvas').count()) >= 4, 'the four charts are drawn');
    assert.deepEqual(fixture.problems, []);
  });

  test('the queue board opens from the header link with the signed-in session, no prompt', async () => {
    const [board] = await Promise.all([
      fixture.context.waitForEvent('page'),
      fixture.page.getByRole('link', { name: 'queues', exact: true }).click(),
    ]);
    await board.waitForSelector('text=Sluice queues', { timeout: 10_000 });
    assert.match(board.url(), /\/admin\/queues$/);
    await board.close();
  });

  test("a session's steps are a timeline with per-step and total cost, tokens and latency; users list their cost", async () => {
    await fixture.open('Sessions');
    await fixture.page.locator('tr[data-session="run-42"]').click();
    const timeline = fixture.page.getByRole('region', { name: 'Session timeline' });
    await timeline.locator('tr.step').nth(2).waitFor();
    assert.equal(await timeline.locator('tr.step').count(), 3);
    assert.equal(await timeline.getByRole('group', { name: 'Steps' }).locator('.kpi-value').textContent(), '3');
    assert.match((await timeline.getByRole('group', { name: 'Session cost' }).textContent()) ?? '', /\$0\.0/);
    assert.equal(await timeline.locator('.lane .span').count(), 3);
    await timeline.locator('tr.step').first().click();
    const detail = fixture.page.getByRole('dialog', { name: 'Request detail' });
    await detail.locator('.detail-body').waitFor();
    assert.match((await detail.textContent()) ?? '', /agent step 1/);
    await detail.getByRole('button', { name: 'Close' }).click();
    await fixture.shot('dashboard-session-timeline');

    await fixture.open('Users');
    const users = fixture.page.getByRole('region', { name: 'Users' });
    await users.locator('tr[data-user="user-a"]').waitFor();
    assert.match((await users.locator('tr[data-user="user-a"]').textContent()) ?? '', /^user-a3/);
    assert.match((await users.locator('tr[data-user="user-b"]').textContent()) ?? '', /^user-b1/);
    await fixture.shot('dashboard-users');
    assert.deepEqual(fixture.problems, []);
  });

  test("a virtual key's session has no admin pages, and its sessions and users are its own requests only", async () => {
    const created = await fixture.admin.request('POST', '/admin/virtual-keys', { name: 'tenant' });
    const key = String(created.body.key);
    const tenant = new OpenAI({ baseURL: fixture.gateway.baseURL, apiKey: key, maxRetries: 0 });
    const { response } = await tenant.chat.completions
      .create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'mine' }] },
        { headers: { 'x-sluice-session-id': 'tenant-run', 'x-sluice-user-id': 'tenant-user' } },
      )
      .withResponse();
    await fixture.probe.waitForGroup('logger', response.headers.get('x-sluice-request-id') ?? '');
    const keyContext = await fixture.browser.newContext({ viewport: { width: 1400, height: 800 } });
    const keyPage = await keyContext.newPage();
    await keyPage.goto(`${fixture.gateway.url}/#/keys`);
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

  test('live tail adds new requests to the log as they are logged, marked, without a reload', async () => {
    await fixture.open('Overview');
    const log = fixture.page.getByRole('region', { name: 'Request log' });
    await log.locator('tr.log-row').first().waitFor();
    await fixture.page.evaluate(() => {
      (globalThis as unknown as { beforeLiveTail: boolean }).beforeLiveTail = true;
    });
    const before = await log.locator('tr.log-row').count();
    await log.getByLabel('Live tail').check();
    await fixture.ask('a request while the log is live');
    await log.locator('tr.log-row.fresh').first().waitFor({ timeout: 10_000 });
    assert.equal(await log.locator('tr.log-row').count(), before + 1);
    assert.equal(await log.locator('tr.log-row.fresh').count(), 1);
    assert.equal(
      await fixture.page.evaluate(() => (globalThis as unknown as { beforeLiveTail?: boolean }).beforeLiveTail),
      true,
      'the page was not reloaded',
    );
    await fixture.shot('dashboard-live-tail');
    assert.deepEqual(fixture.problems, []);
  });
});
