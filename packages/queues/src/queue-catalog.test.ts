import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createQueueCatalog } from './queue-catalog';

test('on one Redis the names are as they always were', () => {
  const catalog = createQueueCatalog('sluice');
  assert.equal(catalog.queuePrefix(catalog.providerQueue('openai')), 'sluice');
  assert.equal(catalog.hashTag('budget:vk_1'), 'budget:vk_1');
});

test('on a cluster each queue gets its own braced prefix, and hash tags are braced', () => {
  const catalog = createQueueCatalog('sluice', { cluster: true });
  assert.equal(catalog.queuePrefix(catalog.providerQueue('openai')), '{sluice:provider-openai}');
  assert.equal(catalog.queuePrefix(catalog.webhookQueue), '{sluice:webhooks}');
  assert.equal(catalog.hashTag('budget:vk_1'), '{budget:vk_1}');
  assert.equal(catalog.completionEvents, 'sluice:events:completion');
});
