import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SqlDatabase } from '@sluice/database';
import { RequestLogWriter } from './request-log-writer';

const writerOn = (kind: SqlDatabase['kind']) => new RequestLogWriter({ database: { kind } as SqlDatabase });

test('a transaction writes 10,000 rows on PostgreSQL (fewer rollup increments a row) and 5,000 on PGlite', () => {
  assert.equal(writerOn('postgres').rowsPerTransaction, 10_000);
  assert.equal(writerOn('pglite').rowsPerTransaction, 5_000);
});
