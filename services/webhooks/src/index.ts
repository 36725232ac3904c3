export { guardedLookup, WebhookDestinationRefusedError } from './guarded-lookup';
export { signWebhook } from './sign-webhook';
export {
  type RunningWebhooksService,
  startWebhooksService,
  type WebhooksServiceOptions,
} from './start-webhooks-service';
export { WebhookSender, type WebhookSenderOptions } from './webhook-sender';
