import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type ObservabilityFixture, startObservabilityFixture } from './observability-fixture';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const skip = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is not installed (apt-get install chromium); the dashboard browser test needs it`;

describe('the dashboard in a real browser', { skip }, () => {
  let fixture: ObservabilityFixture;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    fixture = await startObservabilityFixture();
    const ids: string[] = [];
    for (let index = 0; index < 9; index += 1) {
      const team = index % 3 === 0 ? 'search' : 'ads';
      const { response } = await fixture.client.chat.completions
        .create(
          { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `question ${index} from ${team}` }] },
          { headers: { 'x-sluice-property-team': team, 'x-sluice-user-id': `user-${index % 2}` } },
        )
        .withResponse();
      ids.push(response.headers.get('x-sluice-request-id') ?? '');
    }
    const failed = await fixture.client.chat.completions
      .create({ model: 'doomed', messages: [{ role: 'user', content: 'fails' }] })
      .then(
        () => undefined,
        (error: { headers?: Headers }) => error,
      );
    ids.push(failed?.headers?.get('x-sluice-request-id') ?? '');
    await fixture.logged(...ids);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await fixture?.stop();
  });

  test('shows totals, charts, cost by property, errors by provider and queues', async () => {
    await page.goto(`${fixture.gateway.url}/`);
    await page.locator('.log-row').first().waitFor({ timeout: 10_000 });
    const kpi = (label: string) =>
      page.getByRole('group', { name: label, exact: true }).locator('.kpi-value').textContent();
    assert.equal(await kpi('Requests'), '10');
    assert.equal(await kpi('Errors'), '1');
    assert.ok((await page.locator('.chart canvas').count()) >= 4, 'four uPlot charts rendered');
    const costByProperty = page.getByLabel('Cost by property', { exact: true });
    await costByProperty.locator('td.name', { hasText: 'search' }).waitFor();
    assert.deepEqual((await costByProperty.locator('td.name').allTextContents()).sort(), ['(none)', 'ads', 'search']);
    const errors = page.getByLabel('Errors by provider');
    assert.match((await errors.locator('tr', { hasText: 'flaky' }).textContent()) ?? '', /1 \/ 1/);
    assert.ok((await page.getByLabel('Queues').locator('td.name').allTextContents()).includes('openai'));
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    assert.deepEqual(problems, []);
  });

  test('filters the request log by a property and opens a request in detail', async () => {
    await page.getByLabel('Property name').fill('team');
    await page.getByLabel('Property value').fill('search');
    await page.waitForFunction("document.querySelectorAll('.log-row').length === 3", null, { timeout: 10_000 });
    const tags = await page.locator('.log-row .props').allTextContents();
    assert.deepEqual(tags, ['team=search', 'team=search', 'team=search']);
    assert.deepEqual(await page.locator('.log-row .http').allTextContents(), ['200', '200', '200'], 'the HTTP status');
    await page.locator('.log-row').first().click();
    const detail = page.getByRole('dialog', { name: 'Request detail' });
    await detail.locator('.detail-body').waitFor();
    const text = (await detail.textContent()) ?? '';
    assert.match(text, /question \d from search/, 'the request body');
    assert.match(text, /Echo: question \d from search/, 'the response body');
    assert.match(text, /Attempts.*openai.*gpt-4o-mini.*200/s);
    assert.match(text, /Cost\$0\.0000/);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-request-detail.png') });
    assert.deepEqual(problems, []);
  });

  test('in development mode the queue board opens from its link, not a raw 403', async () => {
    const href = await page.getByRole('link', { name: 'queues', exact: true }).getAttribute('href');
    const board = await page.goto(`${fixture.gateway.url}${href}`);
    assert.equal(board?.status(), 200);
    await page.waitForSelector('text=Sluice queues', { timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'queue-board-development-mode.png') });
  });
});
