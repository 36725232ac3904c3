import { hostname } from 'node:os';
import {
  type BudgetAlertSender,
  type BudgetLedger,
  type ConsumerRateLimiter,
  fromNano,
  NANO_USD,
  previousBudgetWindow,
  type Settlement,
  type VirtualKeyDirectory,
} from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import type { RedisClient } from '@sluice/queues';
import {
  COMPLETION_EVENT_GROUPS,
  type CompletionEvent,
  CompletionEventConsumer,
  type EventBodiesText,
} from '@sluice/queues';
import { type PriceBook, priceEvent } from '@sluice/request-log';
import { settlementUsage } from './settlement-usage';

export interface GovernanceSettlerOptions {
  /** A blocking connection of its own (the consumer waits on XREADGROUP). */
  redis: RedisClient;
  streamKey: string;
  directory: VirtualKeyDirectory;
  ledger: BudgetLedger;
  limiter: ConsumerRateLimiter;
  priceBook: PriceBook;
  alerts: BudgetAlertSender;
  logger: Logger;
}

/**
 * Settles what admitted requests really cost, from their completion events (the `governance` consumer group, so
 * each event is settled by one logger): replaces token and USD rate-limit estimates with real usage, charges the
 * real cost to the key's budget (once per event), releases the reservation, and sends the 80% and 100% alerts.
 */
export async function startGovernanceSettler(options: GovernanceSettlerOptions): Promise<{ stop(): Promise<void> }> {
  const consumer = new CompletionEventConsumer({
    redis: options.redis,
    streamKey: options.streamKey,
    group: COMPLETION_EVENT_GROUPS.governance,
    trimConsumed: {
      groups: Object.values(COMPLETION_EVENT_GROUPS),
      onError: (error) =>
        options.logger.warn({ err: error }, 'consumed completion events could not be trimmed; retrying'),
    },
    interest: 'settlement',
    bodies: 'text',
    consumer: `${hostname()}-${process.pid}`,
    handle: async (events) => {
      for (const { event, bodiesText } of events) await settleEvent(event, bodiesText, options);
    },
    onError: (error) =>
      options.logger.warn({ err: error }, 'settling budgets and limits failed; the events will be delivered again'),
  });
  await consumer.start();
  return {
    async stop() {
      const stopped = consumer.stop();
      options.redis.disconnect();
      await stopped;
      await options.alerts.drain();
    },
  };
}

async function settleEvent(
  event: CompletionEvent,
  bodiesText: EventBodiesText | undefined,
  options: GovernanceSettlerOptions,
): Promise<void> {
  const key = event.virtual_key_id === null ? undefined : options.directory.byKeyId(event.virtual_key_id);
  const budget = key?.record.budget;
  if (event.admission_id === undefined && !budget) return;
  const usage = await settlementUsage(event, bodiesText);
  const nanoUsd = Math.round(priceEvent(event, usage, options.priceBook).cost_usd * NANO_USD);
  if (event.admission_id !== undefined) {
    await options.limiter.settle(event.admission_id, {
      tokens: usage.prompt_tokens + usage.completion_tokens,
      nanoUsd,
    });
  }
  if (!key || !budget) return;
  if (Date.parse(event.created_at) < previousBudgetWindow(budget.period, new Date()).startsAt.getTime()) return;
  const settlement = await options.ledger.settle(key.record.id, budget, event.id, event.admission_id, nanoUsd);
  for (const threshold of settlement.crossed)
    alert(
      key.record.id,
      key.record.name,
      threshold,
      settlement,
      budget.alert_webhook,
      budget.alert_webhook_secret,
      options,
    );
}

function alert(
  keyId: string,
  name: string,
  threshold: number,
  settlement: Settlement,
  url: string | undefined,
  secret: string | undefined,
  options: GovernanceSettlerOptions,
): void {
  const payload = {
    virtual_key_id: keyId,
    name,
    threshold,
    period: settlement.window.id,
    period_start: settlement.window.startsAt.toISOString(),
    resets_at: settlement.window.resetsAt.toISOString(),
    spent_usd: fromNano(settlement.spentNano),
    limit_usd: fromNano(settlement.limitNano),
  };
  options.logger.warn(
    { virtualKeyId: keyId, threshold, spentUsd: payload.spent_usd, limitUsd: payload.limit_usd },
    'budget threshold reached',
  );
  if (url !== undefined) options.alerts.send(url, secret, payload);
}
