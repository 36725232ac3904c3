import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateWebhookSecret, WebhookSecretSchema, webhookSigningKey, webhookUrlProblem } from './webhook-target';

test('secrets: whsec_ base64 of 24–64 bytes, or a plain string of 16+ characters', () => {
  const generated = generateWebhookSecret();
  assert.match(generated, /^whsec_[A-Za-z0-9+/]+=*$/);
  assert.equal(webhookSigningKey(generated).length, 32);
  assert.equal(WebhookSecretSchema.safeParse(generated).success, true);
  assert.equal(WebhookSecretSchema.safeParse('a-plain-secret-16').success, true);
  assert.deepEqual(webhookSigningKey('a-plain-secret-16'), Buffer.from('a-plain-secret-16'));
  for (const bad of [
    'short',
    `whsec_${Buffer.alloc(8).toString('base64')}`,
    'whsec_not*base64!',
    `whsec_${Buffer.alloc(65).toString('base64')}`,
  ]) {
    assert.equal(WebhookSecretSchema.safeParse(bad).success, false, bad);
  }
});

test('webhook URLs: http(s) only; literal private addresses and localhost refused unless allowed', () => {
  assert.equal(webhookUrlProblem('https://hooks.example.com/x', false), undefined);
  assert.match(webhookUrlProblem('ftp://example.com/x', false) ?? '', /http or https/);
  assert.match(webhookUrlProblem('not a url', false) ?? '', /not a valid URL/);
  for (const url of [
    'http://127.0.0.1/x',
    'http://[::1]/x',
    'http://localhost/x',
    'http://api.localhost/x',
    'http://192.168.0.10/x',
    'http://[fd00::1]/x',
    'http://[::127.0.0.1]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://[::ffff:7f00:1]/x',
    'http://[::ffff:169.254.169.254]/x',
  ]) {
    assert.match(webhookUrlProblem(url, false) ?? '', /SLUICE_WEBHOOK_ALLOW_PRIVATE=1/, url);
    assert.equal(webhookUrlProblem(url, true), undefined, url);
  }
});
