import { createHmac } from 'node:crypto';
import { webhookSigningKey } from '@sluice/jobs';

/** Standard Webhooks' signature: `v1,` + base64 HMAC-SHA256 over `id.timestamp.body` with the secret's key. */
export function signWebhook(secret: string, messageId: string, timestampS: number, body: string): string {
  const mac = createHmac('sha256', webhookSigningKey(secret))
    .update(`${messageId}.${timestampS}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}
