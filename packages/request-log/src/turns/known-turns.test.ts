import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KnownTurns } from './known-turns';

const DAY = '2026-12-07';

describe('KnownTurns', () => {
  it('forgets the least recently seen turns past its capacity, down to nine tenths of it', () => {
    const known = new KnownTurns(10);
    const turn = (index: number) => ({ day: DAY, hash: `t${index}` });
    known.add(Array.from({ length: 10 }, (_, index) => turn(index)));
    assert.equal(known.has(turn(0)), true, 't0 is now the most recently seen');
    known.add([turn(10)]);
    assert.deepEqual(
      [0, 1, 2, 3, 9, 10].map((index) => known.has(turn(index))),
      [true, false, false, true, true, true],
    );
    known.clear();
    assert.equal(known.has(turn(0)), false);
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
