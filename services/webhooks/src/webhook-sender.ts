import { type WebhookDelivery, webhookUrlProblem } from '@sluice/jobs';
import { Agent } from 'undici';
import { guardedLookup, WebhookDestinationRefusedError } from './guarded-lookup';
import { signWebhook } from './sign-webhook';

export interface WebhookSenderOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  now?: () => number;
}

/**
 * POSTs signed webhook messages. Sockets connect only through the guarded lookup, and a URL naming a refused
 * address literally (where no lookup happens) is refused before any connection; redirects are never followed.
 */
export class WebhookSender {
  private readonly agent: Agent;
  private readonly now: () => number;

  constructor(private readonly options: WebhookSenderOptions) {
    this.agent = new Agent({
      connect: { lookup: guardedLookup(options.allowPrivate), timeout: options.timeoutMs },
      keepAliveTimeout: 10_000,
    });
    this.now = options.now ?? Date.now;
  }

  /** Resolves with the receiver's HTTP status; rejects on a refused destination or a network failure. */
  async send(delivery: WebhookDelivery, secret: string): Promise<number> {
    const url = new URL(delivery.url);
    const problem = webhookUrlProblem(delivery.url, this.options.allowPrivate);
    if (problem) throw new WebhookDestinationRefusedError(`the webhook URL ${problem}`);
    const timestamp = Math.floor(this.now() / 1000);
    try {
      const response = await this.agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Sluice-Webhooks/1.0',
          'webhook-id': delivery.messageId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(secret, delivery.messageId, timestamp, delivery.body),
        },
        body: delivery.body,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.body.dump();
      return response.statusCode;
    } catch (error) {
      const refused = refusal(error);
      throw refused ?? error;
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** The guard's refusal, wherever undici wrapped it. */
function refusal(error: unknown): WebhookDestinationRefusedError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof WebhookDestinationRefusedError) return current;
  }
  return undefined;
}
