import { createHmac, randomUUID } from 'node:crypto';
import { assertPublicDestination } from '../network/public-destination';

/** What a budget alert says: which key, which threshold, and where its spend stands. */
export interface BudgetAlert {
  virtual_key_id: string;
  name: string;
  threshold: number;
  period: string;
  period_start: string;
  resets_at: string;
  spent_usd: number;
  limit_usd: number;
}

export interface BudgetAlertSenderOptions {
  allowPrivate: boolean;
  onFailure(error: unknown, destination: string): void;
  fetchImpl?: typeof fetch;
  /** Waits between tries; three tries in all. */
  backoffMs?: readonly number[];
}

const TIMEOUT_MS = 5_000;

/**
 * POSTs `{ type: "budget.threshold_reached", data }` to a key's alert webhook, signed per Standard Webhooks when the
 * key has a secret (`webhook-signature: v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>`). Retried in the
 * background; private destinations are refused unless allowed.
 */
export class BudgetAlertSender {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: BudgetAlertSenderOptions) {}

  send(url: string, secret: string | undefined, alert: BudgetAlert): void {
    const delivery = this.deliver(new URL(url), secret, alert).catch((error: unknown) =>
      this.options.onFailure(error, new URL(url).host),
    );
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }

  /** Waits for deliveries in flight (at shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async deliver(url: URL, secret: string | undefined, alert: BudgetAlert): Promise<void> {
    if (!this.options.allowPrivate) await assertPublicDestination(url);
    const id = `msg_${randomUUID().replaceAll('-', '')}`;
    const body = JSON.stringify({ type: 'budget.threshold_reached', data: alert });
    const backoff = this.options.backoffMs ?? [1_000, 5_000];
    let lastError: unknown;
    for (let attempt = 0; attempt <= backoff.length; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoff[attempt - 1]));
      try {
        const timestamp = String(Math.floor(Date.now() / 1000));
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': timestamp,
        };
        if (secret !== undefined)
          headers['webhook-signature'] =
            `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
        const response = await (this.options.fetchImpl ?? fetch)(url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
          redirect: 'manual',
        });
        await response.body?.cancel();
        if (response.status >= 200 && response.status < 300) return;
        lastError = new Error(`the alert webhook answered ${response.status}`);
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }
}
