import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HandoffSlots } from './handoff-slots';

test('a hand-off takes a slot only while the account is open and under its limit', () => {
  const slots = new HandoffSlots(['openai', 'claude']);
  assert.equal(slots.take('openai'), false, 'closed until the worker opens it');
  slots.setOpen('openai', true, 2);
  assert.equal(slots.take('openai'), true);
  slots.occupy('openai');
  assert.equal(slots.take('openai'), false, 'a job taken from BullMQ holds a slot too');
  slots.release('openai');
  assert.equal(slots.take('openai'), true);
  assert.equal(slots.busy('openai'), 2);
  slots.release('openai');
  slots.setOpen('openai', false);
  assert.equal(slots.take('openai'), false, 'closed while paused or draining');
  assert.equal(slots.take('claude'), false);
  assert.equal(slots.take('unknown'), false, 'an account the worker does not know goes to the queue');
});

test('both ends see the same slots through the shared memory', () => {
  const worker = new HandoffSlots(['openai']);
  const ingress = new HandoffSlots(worker.providers, worker.memory);
  worker.setOpen('openai', true, 1);
  assert.equal(ingress.take('openai'), true);
  assert.equal(worker.busy('openai'), 1);
  assert.equal(ingress.take('openai'), false);
  worker.release('openai');
  assert.equal(ingress.take('openai'), true);
});
