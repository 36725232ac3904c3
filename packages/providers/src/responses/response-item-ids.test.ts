import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { derivedItemIds, newItemId } from './response-item-ids';

describe('response item ids', () => {
  test('random ids are a prefix and 48 hex characters, unique across refills of the random pool', () => {
    const ids = Array.from({ length: 1_000 }, () => newItemId('msg'));
    for (const id of ids) assert.match(id, /^msg_[0-9a-f]{48}$/);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('derived ids are the same for the same response and place, and differ otherwise', () => {
    const ids = derivedItemIds('resp_1');
    assert.equal(ids('msg', 0), derivedItemIds('resp_1')('msg', 0));
    assert.notEqual(ids('msg', 0), ids('msg', 1));
    assert.notEqual(ids('msg', 0), derivedItemIds('resp_2')('msg', 0));
    assert.match(ids('fc', 2), /^fc_[0-9a-f]{48}$/);
  });
});
