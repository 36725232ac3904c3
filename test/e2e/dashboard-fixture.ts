import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type AdminClient, adminClient } from '../helpers/admin-client';
import { CompletionEventProbe } from '../helpers/completion-events';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
export const DASHBOARD_ADMIN_TOKEN = 'admin-token-for-the-dashboard-pages';

/** Why the dashboard's browser tests skip, or false when Chromium is there. */
export const browserSkip = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is not installed; the dashboard browser test needs it`;

/**
 * A gateway with an admin token (two OpenAI-style accounts, `openai` and `backup`, on one simulator; config `main`
 * routes to `openai` and is the default), a virtual key seeding traffic through the openai SDK, and Chromium signed
 * in as the admin. `problems` collects page errors and console errors.
 */
export interface DashboardFixture {
  gateway: TestGateway;
  admin: AdminClient;
  probe: CompletionEventProbe;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  problems: string[];
  /** A chat completion with the seeding key, once logged; resolves with the account that served it. */
  ask(content: string, headers?: Record<string, string>): Promise<string | null>;
  /** Opens a page of the dashboard by its tab. */
  open(tab: string): Promise<void>;
  /** A full-page screenshot saved under test-artifacts/. */
  shot(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startDashboardFixture(): Promise<DashboardFixture> {
  const simulator: RunningSimulator = await startOpenAISimulator();
  const database: ScratchPostgres = await createScratchPostgres();
  const account = `{ type: openai, base_url: "${simulator.url}", api_key: sk-simulated-key-0000 }`;
  const gateway = await startTestGateway({
    configYaml: [
      `providers:\n  openai: ${account}\n  backup: ${account}`,
      'configs:\n  main:\n    targets: [ { provider: openai, model: gpt-4o-mini } ]',
      'default_config: main\n',
    ].join('\n'),
    env: {
      SLUICE_ADMIN_TOKEN: DASHBOARD_ADMIN_TOKEN,
      DATABASE_URL: database.url,
      SLUICE_MASTER_KEY: randomBytes(32).toString('base64'),
    },
  });
  const admin = adminClient(gateway.url, DASHBOARD_ADMIN_TOKEN);
  const probe = new CompletionEventProbe(gateway.prefix);
  const seeding = await admin.request('POST', '/admin/virtual-keys', { name: 'seeding' });
  const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: String(seeding.body.key), maxRetries: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gateway.url });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The playground asks for its run's log record until the logger has written it: 404 until then.
    const waitingForTheLogger = /\/v1\/logs\/req_/.test(message.location().url) && /404/.test(message.text());
    if (message.type() === 'error' && !waitingForTheLogger) problems.push(`console error: ${message.text()}`);
  });
  await page.goto(`${gateway.url}/`);
  await page.getByLabel('Admin token or virtual key').fill(DASHBOARD_ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('who').waitFor();
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    gateway,
    admin,
    probe,
    browser,
    context,
    page,
    problems,
    async ask(content, headers = {}) {
      const { response } = await client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }, { headers })
        .withResponse();
      await probe.waitForGroup('logger', response.headers.get('x-sluice-request-id') ?? '');
      return response.headers.get('x-sluice-provider');
    },
    async open(tab) {
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: tab, exact: true }).click();
    },
    async shot(name) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async stop() {
      await browser.close();
      await probe.close();
      await gateway.stop();
      await simulator.close();
      await database.drop();
    },
  };
}
