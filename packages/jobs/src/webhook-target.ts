import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import { isBlockedAddress } from './blocked-address';

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A webhook secret: Standard Webhooks' `whsec_<base64 of 24–64 random bytes>` (the bytes are the HMAC key), or any
 * other string of at least 16 characters, used as raw UTF-8 bytes.
 */
export const WebhookSecretSchema = z
  .string()
  .max(1024)
  .superRefine((secret, context) => {
    if (!secret.startsWith(SECRET_PREFIX)) {
      if (secret.length < 16)
        context.addIssue({ code: 'custom', message: 'must be at least 16 characters, or whsec_ followed by base64' });
      return;
    }
    const encoded = secret.slice(SECRET_PREFIX.length);
    const bytes = BASE64.test(encoded) ? Buffer.from(encoded, 'base64').length : 0;
    if (bytes < 24 || bytes > 64)
      context.addIssue({ code: 'custom', message: 'whsec_ secrets are base64 of 24 to 64 bytes' });
  });

export const WebhookTargetSchema = z.strictObject({
  url: z.string().max(2048),
  secret: WebhookSecretSchema.optional(),
});
export type WebhookTarget = z.infer<typeof WebhookTargetSchema>;

/** A fresh secret in Standard Webhooks form, for a job that named no secret; it is shown once, in the 202. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The HMAC key a secret stands for. */
export function webhookSigningKey(secret: string): Buffer {
  return secret.startsWith(SECRET_PREFIX)
    ? Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/**
 * What is wrong with a webhook URL before any lookup: not http(s), or a private address or localhost named
 * literally. Host names are checked again on the address actually connected to, at delivery.
 */
export function webhookUrlProblem(text: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (allowPrivate) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const literal = isIP(host) !== 0;
  if (host === 'localhost' || host.endsWith('.localhost') || (literal && isBlockedAddress(host))) {
    return 'points at a private, loopback or link-local address; set SLUICE_WEBHOOK_ALLOW_PRIVATE=1 to allow it';
  }
  return undefined;
}
