import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { TURN_HASH_BYTES, TurnDigests } from './turn-digests';

const sha256Hex = (bytes: Buffer) =>
  createHash('sha256').update(bytes).digest().subarray(0, TURN_HASH_BYTES).toString('hex');

/** A 1,000-byte turn whose byte 500 — read by no fingerprint word — is `middle`; every other byte is the same. */
const turnWithMiddle = (middle: string) => Buffer.from(`{"a":"${'x'.repeat(494)}${middle}${'y'.repeat(497)}"}`);

describe('TurnDigests', () => {
  it('names a turn by its SHA-256 wherever its bytes lie, remembered or not', () => {
    const turn = Buffer.from('{"role":"user","content":"read src/a.ts"}');
    const text = Buffer.concat([Buffer.from('[1,'), turn, Buffer.from(']')]);
    const digests = new TurnDigests();
    const names = [digests.hexOf(text, 3, 3 + turn.length), digests.hexOf(turn, 0, turn.length)];
    assert.deepEqual(names, [sha256Hex(turn), sha256Hex(turn)]);
    assert.equal(new TurnDigests(0).hexOf(turn, 0, turn.length), sha256Hex(turn));
  });

  it('never lends a remembered hash to other bytes of the same fingerprint', () => {
    const digests = new TurnDigests();
    const turns = Array.from({ length: 12 }, (_, index) => turnWithMiddle(String.fromCharCode(0x61 + index)));
    assert.equal(new Set(turns.map((turn) => turn.length)).size, 1);
    for (let pass = 0; pass < 3; pass++) {
      for (const turn of turns) assert.equal(digests.hexOf(turn, 0, turn.length), sha256Hex(turn));
    }
  });

  it('holds no more than its capacity of turns, and still names those it forgot', () => {
    const digests = new TurnDigests(4_000);
    const turns = Array.from({ length: 20 }, (_, index) =>
      Buffer.from(`{"turn":${index},"text":"${'z'.repeat(900)}"}`),
    );
    for (const turn of turns) digests.hexOf(turn, 0, turn.length);
    assert.ok(digests.heldBytes > 0 && digests.heldBytes <= 4_000, String(digests.heldBytes));
    for (const turn of turns) assert.equal(digests.hexOf(turn, 0, turn.length), sha256Hex(turn));
    const tooBig = Buffer.from(`"${'w'.repeat(5_000)}"`);
    assert.equal(digests.hexOf(tooBig, 0, tooBig.length), sha256Hex(tooBig));
    assert.ok(digests.heldBytes <= 4_000);
  });
});
