import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserSkip, type DashboardFixture, startDashboardFixture } from './dashboard-fixture';

const MINUTE_MS = 60_000;

describe('the request log in a real browser: custom range, body search, the dialect sent (docs/dashboard.md)', {
  skip: browserSkip,
}, () => {
  let fixture: DashboardFixture;
  let anthropicRequestId = '';

  before(async () => {
    fixture = await startDashboardFixture();
    await fixture.ask('where does the albatross nest?');
    await fixture.ask('a question about teapots');
    const created = await fixture.admin.request('POST', '/admin/virtual-keys', { name: 'claude-client' });
    const response = await fetch(`${fixture.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${String(created.body.key)}`,
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        max_tokens: 64,
        system: 'Answer as a lighthouse keeper.',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'describe the foghorn' }] }],
      }),
    });
    assert.equal(response.status, 200);
    anthropicRequestId = response.headers.get('x-sluice-request-id') ?? '';
    await fixture.probe.waitForGroup('logger', anthropicRequestId);
  });
  after(async () => {
    await fixture?.stop();
  });

  /** A `datetime-local` value for an instant, in the browser's own time zone. */
  const localValue = (at: number) =>
    fixture.page.evaluate((ms) => {
      const offset = new Date(ms).getTimezoneOffset() * 60_000;
      return new Date(ms - offset).toISOString().slice(0, 16);
    }, at);

  test('a custom from–to range asks the summary and the log for exactly that window', async () => {
    const page = fixture.page;
    const log = page.getByRole('region', { name: 'Request log' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await log.locator('tr.log-row').nth(2).waitFor();
    await page.getByLabel('Time period').selectOption('custom');
    const range = page.getByRole('form', { name: 'Custom range' });
    const from = Math.floor((Date.now() - 2 * 3_600_000) / MINUTE_MS) * MINUTE_MS;
    const to = Math.floor((Date.now() + 3_600_000) / MINUTE_MS) * MINUTE_MS;
    await range.getByLabel('From').fill(await localValue(from));
    await range.getByLabel('To').fill(await localValue(to));
    // The overview's summary has no group_by; the breakdowns (by provider, by property) ask for days whatever the span.
    const asked = (path: string) =>
      page.waitForResponse((response) => {
        const url = new URL(response.url());
        return (
          url.pathname === path &&
          url.searchParams.get('from') === new Date(from).toISOString() &&
          !url.searchParams.has('group_by')
        );
      });
    const [summary, listed] = await Promise.all([
      asked('/v1/analytics/summary'),
      asked('/v1/logs'),
      range.getByRole('button', { name: 'Apply' }).click(),
    ]);
    const summaryQuery = new URL(summary.url()).searchParams;
    assert.equal(summaryQuery.get('to'), new Date(to).toISOString());
    assert.equal(summaryQuery.get('interval'), 'minute', 'three hours in minute buckets');
    assert.equal(new URL(listed.url()).searchParams.get('to'), new Date(to).toISOString());
    await page.waitForFunction(
      "document.querySelector('[aria-label=\"Requests\"] .kpi-value')?.textContent === '3'",
      null,
      { timeout: 10_000 },
    );
    assert.equal(await log.locator('tr.log-row').count(), 3);
    await fixture.shot('dashboard-custom-range');

    const dayBefore = Math.floor((Date.now() - 2 * 86_400_000) / MINUTE_MS) * MINUTE_MS;
    await range.getByLabel('From').fill(await localValue(dayBefore));
    await range.getByLabel('To').fill(await localValue(dayBefore + 86_400_000));
    await range.getByRole('button', { name: 'Apply' }).click();
    await log.getByText('No requests match.').waitFor({ timeout: 10_000 });
    await range.getByLabel('To').fill(await localValue(dayBefore - MINUTE_MS));
    assert.equal(await range.getByRole('button', { name: 'Apply' }).isDisabled(), true, 'to before from');
    await page.getByLabel('Time period').selectOption('1h');
    await log.locator('tr.log-row').nth(2).waitFor();
    assert.deepEqual(fixture.problems, []);
  });

  test('the search box finds requests by a word of their bodies', async () => {
    const page = fixture.page;
    const log = page.getByRole('region', { name: 'Request log' });
    await log.getByLabel('Search bodies').fill('albatross');
    await page.waitForFunction("document.querySelectorAll('.log-row').length === 1", null, { timeout: 10_000 });
    await log.locator('tr.log-row').first().click();
    const detail = page.getByRole('dialog', { name: 'Request detail' });
    await detail.locator('.detail-body').waitFor();
    assert.match((await detail.locator('pre.body').first().textContent()) ?? '', /where does the albatross nest\?/);
    await detail.getByRole('button', { name: 'Close' }).click();
    await log.getByLabel('Search bodies').fill('"the foghorn" describe');
    await page.waitForFunction(
      `[...document.querySelectorAll('.log-row')].map((row) => row.dataset.requestId).join() === ${JSON.stringify(anthropicRequestId)}`,
      null,
      { timeout: 10_000 },
    );
    await fixture.shot('dashboard-body-search');
    await log.getByLabel('Search bodies').fill('zeppelin');
    await log.getByText('No requests match.').waitFor({ timeout: 10_000 });
    assert.deepEqual(fixture.problems, []);
  });

  test('a /v1/messages request is shown as its client sent it, its OpenAI translation one click away', async () => {
    const page = fixture.page;
    const log = page.getByRole('region', { name: 'Request log' });
    await log.getByLabel('Search bodies').fill('foghorn');
    await log.locator(`tr[data-request-id="${anthropicRequestId}"]`).click();
    const detail = page.getByRole('dialog', { name: 'Request detail' });
    const sent = detail.getByLabel('Request as sent');
    await sent.waitFor();
    const sentBody = JSON.parse((await sent.textContent()) ?? '') as Record<string, unknown>;
    assert.equal(sentBody.system, 'Answer as a lighthouse keeper.');
    assert.equal(sentBody.max_tokens, 64);
    await fixture.shot('dashboard-request-as-sent');
    await detail.getByRole('radio', { name: 'Translated upstream' }).click();
    const translated = detail.getByLabel('Request translated upstream');
    await translated.waitFor();
    const translatedBody = JSON.parse((await translated.textContent()) ?? '') as { messages: unknown[] };
    assert.deepEqual(translatedBody.messages[0], { role: 'system', content: 'Answer as a lighthouse keeper.' });
    await fixture.shot('dashboard-request-translated');
    await detail.getByRole('radio', { name: 'As sent' }).click();
    await sent.waitFor();
    await detail.getByRole('button', { name: 'Close' }).click();

    await log.getByLabel('Search bodies').fill('albatross');
    await page.waitForFunction(
      `[...document.querySelectorAll('.log-row')].map((row) => row.dataset.requestId).join().startsWith('req_') &&
        document.querySelectorAll('.log-row').length === 1 &&
        document.querySelector('.log-row').dataset.requestId !== ${JSON.stringify(anthropicRequestId)}`,
      null,
      { timeout: 10_000 },
    );
    await log.locator('tr.log-row').first().click();
    await detail.locator('.detail-body').waitFor();
    assert.match((await detail.locator('pre.body').first().textContent()) ?? '', /albatross/);
    assert.equal(
      await detail.getByRole('radio', { name: 'Translated upstream' }).count(),
      0,
      'sent as OpenAI: one body',
    );
    assert.deepEqual(fixture.problems, []);
  });
});
