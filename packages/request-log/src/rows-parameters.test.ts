import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BODIES_TEXT } from './request-log-row';
import { type RowsParameters, rowsParameters } from './rows-parameters';

const row = (id: string, text: string) => ({ id, body: text });

/** What a statement's parameters hold: each row, with its bodies (from the jsonb array) in place of `bodies_at`. */
function decoded([rows, bodies]: RowsParameters): Record<string, unknown>[] {
  assert.equal(bodies[0], 1, 'jsonb binary format version');
  const bodyValues = JSON.parse(bodies.subarray(1).toString('utf8')) as unknown[];
  return (JSON.parse(rows) as Record<string, unknown>[]).map(({ bodies_at, ...columns }) =>
    bodies_at === null ? columns : { ...columns, bodies: bodyValues[(bodies_at as number) - 1] },
  );
}

describe('rowsParameters', () => {
  it('puts every row, in order, in parameters of at most the given size', () => {
    const rows = Array.from({ length: 10 }, (_, index) => row(`req_${index}`, 'x'.repeat(90)));
    const parameters = rowsParameters(rows, 350);
    assert.ok(parameters.length > 1);
    for (const [text] of parameters) assert.ok(text.length <= 350, `${text.length} characters`);
    assert.deepEqual(parameters.flatMap(decoded), rows);
  });

  it('gives a row larger than the size a parameter of its own', () => {
    const rows = [row('small_1', 'a'), row('large', 'b'.repeat(500)), row('small_2', 'c')];
    assert.deepEqual(
      rowsParameters(rows, 100).map((parameters) => decoded(parameters).map(({ id }) => id)),
      [['small_1'], ['large'], ['small_2']],
    );
  });

  it('makes one parameter of a batch within the size, and none of no rows', () => {
    assert.equal(rowsParameters([row('a', 'x'), row('b', 'y')]).length, 1);
    assert.deepEqual(rowsParameters([]), []);
    assert.deepEqual(decoded(rowsParameters([{}])[0] as RowsParameters), [{}]);
  });

  it('cleans what PostgreSQL refuses in each row', () => {
    const [parameters] = rowsParameters([row('nul', 'a\u0000b\uD800c')]);
    assert.deepEqual(decoded(parameters as RowsParameters), [{ id: 'nul', body: 'ab\uFFFDc' }]);
  });

  it('carries bodies, given as text, as bytes or as values, apart from the rows, and counts them in the size', () => {
    const text = JSON.stringify({ request_body: { messages: ['x'.repeat(60)] }, response_body: { id: 'r' } });
    const rows = [
      { id: 'text', [BODIES_TEXT]: text },
      { id: 'none', request_body: undefined, response_body: undefined },
      { id: 'bytes', [BODIES_TEXT]: Buffer.from(text) },
      { id: 'values', request_body: { a: 1 }, response_body: null },
    ];
    const parameters = rowsParameters(rows, 250);
    assert.equal(parameters.length, 2);
    assert.deepEqual(parameters.flatMap(decoded), [
      { id: 'text', bodies: JSON.parse(text) },
      { id: 'none' },
      { id: 'bytes', bodies: JSON.parse(text) },
      { id: 'values', bodies: { request_body: { a: 1 }, response_body: null } },
    ]);
  });

  it('cleans escaped NULs and lone surrogates, and bytes that are not UTF-8, in bodies', () => {
    const escaped = String.raw`{"request_body":{"content":"a\u0000b\ud800c"}}`;
    const invalid = Buffer.concat([Buffer.from('{"response_body":"x'), Buffer.from([0xff]), Buffer.from('y"}')]);
    const rows = [
      { id: 'escaped', [BODIES_TEXT]: Buffer.from(escaped) },
      { id: 'invalid', [BODIES_TEXT]: invalid },
    ];
    assert.deepEqual(decoded(rowsParameters(rows)[0] as RowsParameters), [
      { id: 'escaped', bodies: { request_body: { content: 'ab\uFFFDc' } } },
      { id: 'invalid', bodies: { response_body: 'x\uFFFDy' } },
    ]);
  });
});
