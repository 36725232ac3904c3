import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KnownTurns } from './known-turns';

describe('KnownTurns', () => {
  it('forgets the least recently seen turn past its capacity', () => {
    const known = new KnownTurns(2);
    known.add(['a', 'b']);
    assert.equal(known.has('a'), true, 'a is now the most recently seen');
    known.add(['c']);
    assert.deepEqual(
      ['a', 'b', 'c'].map((key) => known.has(key)),
      [true, false, true],
    );
    known.clear();
    assert.equal(known.has('a'), false);
  });
});
