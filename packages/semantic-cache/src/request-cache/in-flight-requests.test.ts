import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InFlightRequests } from './in-flight-requests';

test('the first caller of a key leads; the next waits for its outcome; a settled key leads anew', async () => {
  const flights = new InFlightRequests();
  const first = flights.join('k');
  assert.ok('lead' in first);
  const second = flights.join('k');
  assert.ok('leader' in second);
  assert.ok('lead' in flights.join('other'));
  first.lead.settle(true);
  assert.equal(await second.leader.settled, true);
  assert.ok('lead' in flights.join('k'), 'after the leader settles, the key is free');
});
