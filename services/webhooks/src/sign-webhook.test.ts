import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateWebhookSecret } from '@sluice/jobs';
import { Webhook } from 'standardwebhooks';
import { signWebhook } from './sign-webhook';

test('a whsec_ secret signs as the Standard Webhooks reference library verifies', () => {
  const secret = generateWebhookSecret();
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ type: 'job.succeeded', data: { id: 'job_1', text: 'héllo' } });
  const headers = {
    'webhook-id': 'msg_job_1',
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, 'msg_job_1', timestamp, body),
  };
  assert.deepEqual(new Webhook(secret).verify(body, headers), JSON.parse(body));
});

test('a plain secret is used as raw bytes, as the library verifies with format raw', () => {
  const secret = 'a-plain-shared-secret-value';
  const timestamp = Math.floor(Date.now() / 1000);
  const body = '{"type":"job.failed"}';
  const headers = {
    'webhook-id': 'msg_x',
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, 'msg_x', timestamp, body),
  };
  assert.doesNotThrow(() => new Webhook(secret, { format: 'raw' }).verify(body, headers));
  assert.throws(() =>
    new Webhook(`whsec_${Buffer.from('another-secret-of-24-bytes!').toString('base64')}`).verify(body, headers),
  );
});
