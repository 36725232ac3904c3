import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rowsParameters } from './request-log-row';

const row = (id: string, text: string) => ({ id, body: text });

describe('rowsParameters', () => {
  it('puts every row, in order, in JSON arrays of at most the given size', () => {
    const rows = Array.from({ length: 10 }, (_, index) => row(`req_${index}`, 'x'.repeat(90)));
    const parameters = rowsParameters(rows, 350);
    assert.ok(parameters.length > 1);
    for (const parameter of parameters) assert.ok(parameter.length <= 350, `${parameter.length} characters`);
    assert.deepEqual(
      parameters.flatMap((parameter) => JSON.parse(parameter)),
      rows,
    );
  });

  it('gives a row larger than the size a parameter of its own', () => {
    const rows = [row('small_1', 'a'), row('large', 'b'.repeat(500)), row('small_2', 'c')];
    assert.deepEqual(
      rowsParameters(rows, 100).map((parameter) => JSON.parse(parameter).map(({ id }: { id: string }) => id)),
      [['small_1'], ['large'], ['small_2']],
    );
  });

  it('makes one parameter of a batch within the size, and none of no rows', () => {
    assert.equal(rowsParameters([row('a', 'x'), row('b', 'y')]).length, 1);
    assert.deepEqual(rowsParameters([]), []);
  });

  it('cleans what PostgreSQL refuses in each row', () => {
    const [parameter] = rowsParameters([row('nul', 'a\u0000b\uD800c')]);
    assert.deepEqual(JSON.parse(parameter ?? ''), [{ id: 'nul', body: 'ab\uFFFDc' }]);
  });
});
