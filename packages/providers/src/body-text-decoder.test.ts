import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BodyTextDecoder } from './body-text-decoder';

/** Each piece's text as one streaming TextDecoder reads it, then what it holds at the end. */
function decodedAlone(pieces: Buffer[]): string[] {
  const decoder = new TextDecoder();
  return [...pieces.map((piece) => decoder.decode(piece, { stream: true })), decoder.decode()];
}

function decoded(pieces: Buffer[]): string[] {
  const decoder = new BodyTextDecoder();
  return [...pieces.map((piece) => decoder.write(piece)), decoder.end()];
}

describe('BodyTextDecoder', () => {
  it('reads every piece as one streaming TextDecoder reads it, however the bytes are cut', () => {
    const bodies = [
      Buffer.from('data: {"content":"plain ascii"}\n\n'),
      Buffer.from('\uFEFFdata: é 日本 🙂\n\n\uFEFFagain'),
      Buffer.concat([Buffer.from('ab'), Buffer.from([0xe6, 0x97]), Buffer.from('cd'), Buffer.from([0xff, 0xf0, 0x9f])]),
      Buffer.from('€'),
    ];
    for (const body of bodies) {
      for (let first = 0; first <= body.length; first += 1) {
        for (let second = first; second <= body.length; second += 1) {
          const pieces = [body.subarray(0, first), body.subarray(first, second), body.subarray(second)];
          assert.deepEqual(decoded(pieces), decodedAlone(pieces), `${body.toString('hex')} cut at ${first}, ${second}`);
        }
      }
    }
  });
});
