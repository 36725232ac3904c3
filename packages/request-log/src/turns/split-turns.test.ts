import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { MIN_TURNS_BYTES_APART, mayHaveTurnsApart, splitTurns, TURNS_OF_BODY } from './split-turns';
import { TURN_HASH_BYTES } from './turn-digests';

const hashOf = (text: string) =>
  createHash('sha256').update(Buffer.from(text)).digest().subarray(0, TURN_HASH_BYTES).toString('hex');

/** What request_log_request_body does to each body split: the named turns put back in front of the kept ones. */
function reassemble(bodies: Buffer, turns: Map<string, string>): unknown {
  const stored = JSON.parse(bodies.toString('utf8')) as Record<string, unknown>;
  const whole: Record<string, unknown> = { ...stored };
  for (const [body, turnsMember] of Object.entries(TURNS_OF_BODY)) {
    delete whole[turnsMember];
    const hashes = stored[turnsMember];
    if (typeof hashes !== 'string') continue;
    const kept = stored[body] as Record<string, unknown[]>;
    const key = ['messages', 'contents', 'input'].find((name) => Array.isArray(kept[name])) as string;
    const named = (hashes.match(/.{32}/g) ?? []).map((hash) => JSON.parse(turns.get(hash) as string));
    whole[body] = { ...kept, [key]: [...named, ...(kept[key] ?? [])] };
  }
  return whole;
}

/** splitTurns of `text` with no size threshold, each turn with its bytes as text. */
function splitText(text: string) {
  const bytes = Buffer.from(text);
  const split = splitTurns(bytes, { minBytesApart: 0 });
  return (
    split && {
      bodies: split.bodies,
      turns: split.turns.map((turn) => ({ hash: turn.hash, text: bytes.toString('utf8', turn.start, turn.end) })),
    }
  );
}

describe('splitTurns', () => {
  it('stores earlier turns apart from MIN_TURNS_BYTES_APART bytes of them, each body judged on its own', () => {
    // Two earlier turns, then the newest: the earlier ones span `{…},{…},` up to the newest's start.
    const body = (bytes: number) => {
      const filler = 'x'.repeat(bytes - '{"a":""},{"b":1},'.length);
      return `{"messages":[{"a":"${filler}"},{"b":1},{"c":2}]}`;
    };
    const short = body(MIN_TURNS_BYTES_APART - 1);
    const enough = body(MIN_TURNS_BYTES_APART);
    assert.equal(splitTurns(Buffer.from(`{"request_body":${short}}`)), undefined, 'one byte short: whole');
    assert.equal(splitTurns(Buffer.from(`{"request_body":${enough}}`))?.turns.length, 2, 'enough: split');
    const split = splitTurns(Buffer.from(`{"request_body":${short},"translated_request_body":${enough}}`));
    assert.deepEqual(
      [split?.turns.length, split && JSON.parse(split.bodies.toString()).request_body],
      [2, JSON.parse(short)],
      'the translated body split, the sent one kept whole',
    );
  });

  it('names each earlier turn by the hash of its bytes as sent, whitespace, escapes and all', () => {
    const turns = ['{ "role": "user", "content": "say \\"hi\\" \\\\" }', '{"role":"assistant","content":"h\u00e9 [}"}'];
    const text = `{"request_body": {"model":"m", "messages" : [ ${turns[0]} ,\n${turns[1]}, {"role":"user","content":"go"} ] },"response_body":{"ok":true}}`;
    const split = splitText(text);
    assert.ok(split);
    assert.deepEqual(
      split.turns.map((turn) => [turn.hash, turn.text]),
      turns.map((turn) => [hashOf(turn), turn]),
    );
    const named = new Map(split.turns.map((turn) => [turn.hash, turn.text]));
    assert.deepEqual(reassemble(split.bodies, named), JSON.parse(text));
  });

  it('takes the conversation where the body-words index finds it, in every dialect', () => {
    const three = '[{"a":1},{"b":2},{"c":3}]';
    for (const key of ['messages', 'contents', 'input']) {
      const split = splitTurns(Buffer.from(`{"request_body":{"${key}":${three}}}`), { minBytesApart: 0 });
      assert.equal(split?.bodies.toString('utf8').startsWith(`{"request_body":{"${key}":[{"c":3}]}`), true, key);
      assert.equal(split?.turns.length, 2, key);
    }
    const both = splitText(`{"request_body":{"input":${three},"messages":[{"x":1},{"y":2}]}}`);
    assert.deepEqual(
      both?.turns.map((turn) => turn.text),
      ['{"x":1}'],
      'messages before input, as the index reads them',
    );
  });

  it("splits the translated body's conversation as the sent one's, whichever comes first and either alone", () => {
    const sent =
      '{"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]},{"role":"user","content":"go"}]}';
    const translated = '{"messages":[{"role":"system","content":"terse"},{"role":"user","content":"hi"},{"x":1}]}';
    for (const text of [
      `{"request_body":${sent},"response_body":{"ok":1},"translated_request_body":${translated}}`,
      `{"translated_request_body":${translated},"request_body":${sent}}`,
      `{"request_body":{"messages":[{"role":"user","content":"one"}]},"translated_request_body":${translated}}`,
      `{"request_body":null,"translated_request_body":${translated}}`,
    ]) {
      const split = splitText(text);
      assert.ok(split, text);
      const named = new Map(split.turns.map((turn) => [turn.hash, turn.text]));
      assert.deepEqual(reassemble(split.bodies, named), JSON.parse(text), text);
      assert.deepEqual(
        split.turns.map((turn) => turn.text),
        [
          ...(text.includes('"text":"hi"') ? ['{"role":"user","content":[{"type":"text","text":"hi"}]}'] : []),
          '{"role":"system","content":"terse"}',
          '{"role":"user","content":"hi"}',
        ],
        "the sent body's turns, then the translated body's",
      );
    }
  });

  it('leaves whole what has no conversation of two turns, or is not as expected', () => {
    for (const text of [
      '{"request_body":{"input":["a gannet","a grebe"]}}',
      '{"request_body":{"input":"one string"}}',
      '{"request_body":{"messages":[{"role":"user","content":"only"}]}}',
      '{"request_body":{"messages":[{"a":1},{"b":2}],"messages":[{"c":3},{"d":4}]}}',
      '{"request_body":{"messages":[{"a":1},{"b":2}]},"request_turns":"00"}',
      '{"request_body":{"messages":[{"a":1},{"b":2}]},"translated_request_turns":"00"}',
      '{"translated_request_body":{"messages":[{"a":1}]},"translated_request_body":{"messages":[{"a":1},{"b":2}]}}',
      '{"response_body":{"messages":[{"a":1},{"b":2}]}}',
      '{"request_body":{"messages":[{"a":1},{"b":2}',
    ]) {
      assert.equal(splitTurns(Buffer.from(text), { minBytesApart: 0 }), undefined, text);
    }
  });
});

describe('mayHaveTurnsApart', () => {
  it('says of a parsed body what splitTurns says of its JSON, around the threshold, in every dialect', () => {
    const bodies = (filler: string): unknown[] => [
      {
        model: 'm',
        messages: [
          { role: 'system', content: filler },
          { role: 'user', content: 'go' },
        ],
      },
      { messages: [{ a: filler.slice(0, 10) }, { b: [1, null, filler.slice(10)] }, { c: 3 }] },
      { contents: [{ parts: [{ text: filler }] }, { parts: [{ text: 'again' }] }] },
      {
        input: [
          { type: 'message', content: filler },
          { type: 'function_call_output', output: 'ok' },
        ],
      },
      { input: [filler, 'a grebe'] },
      { input: [{ content: filler }, 'last'] },
      { messages: [{ content: filler }] },
      { messages: 'not a list', contents: [{ text: filler }, {}] },
      [{ content: filler }, {}],
    ];
    for (let length = MIN_TURNS_BYTES_APART - 40; length <= MIN_TURNS_BYTES_APART + 5; length += 1) {
      for (const filler of ['x'.repeat(length), `\u00e9"\n\u0000${'y'.repeat(length / 2)}`]) {
        for (const body of bodies(filler)) {
          const split = splitTurns(Buffer.from(JSON.stringify({ request_body: body })));
          assert.equal(mayHaveTurnsApart(body), split !== undefined, JSON.stringify(body));
        }
      }
    }
  });
});
