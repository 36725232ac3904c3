import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KnownTurns } from './known-turns';

const DAY = '2026-12-07';

describe('KnownTurns', () => {
  it('forgets the least recently seen turn past its capacity', () => {
    const known = new KnownTurns(2);
    known.add([
      { day: DAY, hash: 'a' },
      { day: DAY, hash: 'b' },
    ]);
    assert.equal(known.has({ day: DAY, hash: 'a' }), true, 'a is now the most recently seen');
    known.add([{ day: DAY, hash: 'c' }]);
    assert.deepEqual(
      ['a', 'b', 'c'].map((hash) => known.has({ day: DAY, hash })),
      [true, false, true],
    );
    known.clear();
    assert.equal(known.has({ day: DAY, hash: 'a' }), false);
  });

  it('knows a turn for the day it was last stored for only', () => {
    const known = new KnownTurns();
    known.add([{ day: DAY, hash: 'a' }]);
    assert.equal(known.has({ day: '2026-12-08', hash: 'a' }), false);
    known.add([{ day: '2026-12-08', hash: 'a' }]);
    assert.deepEqual(
      [DAY, '2026-12-08'].map((day) => known.has({ day, hash: 'a' })),
      [false, true],
    );
  });
});
