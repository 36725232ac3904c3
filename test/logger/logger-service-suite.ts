import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GatewayConfigSchema, parseEnv } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import { BudgetLedger, createGovernanceKeys, NANO_USD, VirtualKeyStore } from '@sluice/governance';
import { startLoggerService } from '@sluice/logger';
import { createLogger } from '@sluice/observability';
import {
  type CompletionEventInput,
  CompletionEventPublisher,
  createQueueCatalog,
  RequestMetricsStore,
} from '@sluice/queues';
import { RequestLogReader } from '@sluice/request-log';
import { Redis } from 'ioredis';
import { loggerBlockingConnections } from '../helpers/logger-blocking-connections';
import { deleteKeys } from '../helpers/start-test-gateway';
import { makeCompletionEvent } from '../request-log/completion-event-factory';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface LoggerSuiteBackend {
  name: string;
  open(): Promise<{ database: SqlDatabase; dispose(): Promise<void> }>;
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The logger service end to end: completion events in through Redis, rows and metric aggregates out. */
export function defineLoggerServiceSuite(backend: LoggerSuiteBackend): void {
  describe(`logger service on ${backend.name}`, () => {
    const prefix = `tlog${randomUUID().slice(0, 8)}`;
    const catalog = createQueueCatalog(prefix);
    const redis = new Redis(REDIS_URL);
    const publisher = new CompletionEventPublisher(redis, catalog.completionEvents);
    let opened: { database: SqlDatabase; dispose(): Promise<void> };
    let reader: RequestLogReader;

    const start = (config: Record<string, unknown>) =>
      startLoggerService({
        settings: parseEnv({ REDIS_URL, SLUICE_QUEUE_PREFIX: prefix }),
        config: GatewayConfigSchema.parse({ providers: { openai: { type: 'openai' } }, ...config }),
        catalog,
        database: opened.database,
        redis,
        blocking: loggerBlockingConnections(REDIS_URL, opened.database),
        logger: createLogger({ level: 'silent' }),
      });
    const publish = (overrides: Partial<CompletionEventInput>) => publisher.publish(makeCompletionEvent(overrides));
    const rowCount = async () =>
      (await opened.database.query<{ count: number }>('SELECT count(*)::int AS count FROM request_logs')).rows[0]
        ?.count ?? 0;

    before(async () => {
      opened = await backend.open();
      reader = new RequestLogReader({ database: opened.database });
    });
    after(async () => {
      await opened.dispose();
      redis.disconnect();
      await deleteKeys(REDIS_URL, prefix);
    });

    it('stores each request once with its cost from the pricing table, and counts it once in the metrics, redeliveries included', async () => {
      const service = await start({});
      try {
        const first = {
          id: `req_a_${prefix}`,
          prompt_tokens: 1_000_000,
          completion_tokens: 500_000,
          cached_tokens: 200_000,
        };
        // A redelivery is the same event again: same id, same created_at (when the gateway received the request).
        const firstEvent = makeCompletionEvent(first);
        await publisher.publish(firstEvent);
        await publish({
          id: `req_b_${prefix}`,
          status: 'error',
          http_status: 502,
          served_model: null,
          prompt_tokens: 0,
          completion_tokens: 0,
        });
        await publisher.publish(firstEvent);
        await waitUntil(async () => (await rowCount()) === 2, 'two rows');
        await publish({ id: `req_c_${prefix}`, user_id: 'user-1', properties: { team: 'search' } });
        await waitUntil(async () => (await rowCount()) === 3, 'three rows');
        // gpt-4o-mini: 800k uncached × $0.15 + 200k cached × $0.075 + 500k output × $0.60 (per 1M) = $0.435.
        assert.equal((await reader.get(first.id))?.cost_usd, 0.435);
        await new Promise((resolve) => setTimeout(resolve, 1_200)); // the logger flushes metrics once a second
        const snapshot = await new RequestMetricsStore(redis, catalog.requestMetrics).snapshot();
        const counter = (name: string, labels: Record<string, string>) =>
          snapshot.counters.find(
            (series) => series.name === name && JSON.stringify(series.labels) === JSON.stringify(labels),
          )?.value;
        assert.equal(
          counter('requests_total', { provider: 'openai', model: 'gpt-4o-mini', status: 'success', cache: 'off' }),
          2,
        );
        assert.equal(
          counter('requests_total', { provider: 'openai', model: 'gpt-4o-mini', status: 'error', cache: 'off' }),
          1,
        );
        assert.equal(counter('tokens_total', { provider: 'openai', model: 'gpt-4o-mini', type: 'prompt' }), 1_000_100);
        assert.ok(
          Math.abs(
            (counter('cost_usd_total', { provider: 'openai', model: 'gpt-4o-mini' }) ?? 0) - (0.435 + 0.000027),
          ) < 1e-9,
        );
        const duration = snapshot.histograms.find(
          (series) => series.name === 'request_duration_seconds' && series.labels.status === 'success',
        );
        assert.equal(duration?.count, 2);
        assert.ok(
          !JSON.stringify(snapshot).includes('user-1') && !JSON.stringify(snapshot).includes('search'),
          'no user or property became a label',
        );
      } finally {
        await service.stop();
      }
    });

    it("settles a virtual key's budget from its completion events, once per event", async () => {
      const budget = { usd: 1, period: 'month' as const };
      const { record } = await new VirtualKeyStore(opened.database).create({ name: `settle-${prefix}`, budget });
      const service = await start({});
      try {
        const ledger = new BudgetLedger(redis, createGovernanceKeys(catalog.prefix, catalog.hashTag));
        const event = makeCompletionEvent({
          id: `req_settle_${prefix}`,
          virtual_key_id: record.id,
          prompt_tokens: 1_000_000,
          completion_tokens: 500_000,
          cached_tokens: 200_000,
        });
        await publisher.publish(event);
        await publisher.publish(event);
        await waitUntil(async () => (await ledger.state(record.id, budget)).spentNano > 0, 'the settled budget');
        await waitUntil(async () => (await rowCount()) > 0 && (await reader.get(event.id)) !== undefined, 'the row');
        // gpt-4o-mini, as priced above: $0.435, charged once although the event came twice.
        assert.equal((await ledger.state(record.id, budget)).spentNano, 0.435 * NANO_USD);
      } finally {
        await service.stop();
      }
    });

    it('with logging.bodies false keeps metadata only, still counting tokens the provider did not report', async () => {
      const service = await start({ logging: { bodies: false } });
      try {
        const id = `req_nobody_${prefix}`;
        await publish({
          id,
          prompt_tokens: 0,
          completion_tokens: 0,
          request_body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'tiktoken is great!' }] },
          response_body: { choices: [{ message: { role: 'assistant', content: 'tiktoken is great!' } }] },
        });
        await waitUntil(async () => (await reader.get(id)) !== undefined, 'the row');
        const record = await reader.get(id);
        assert.equal(record?.request_body, null);
        assert.equal(record?.response_body, null);
        assert.equal(record?.usage_estimated, true);
        // OpenAI framing: 3 per message + "user" (1) + 6 content tokens + 3 priming = 13; the answer is 6.
        assert.equal(record?.prompt_tokens, 13);
        assert.equal(record?.completion_tokens, 6);
      } finally {
        await service.stop();
      }
    });
  });
}
