import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestLogWriter } from '../request-log-writer';
import type { RequestToStore, StoredRequest } from '../requests-to-store';
import { importLogRecords } from './import-log-records';

async function* streamOf(text: string): AsyncGenerator<string> {
  yield text;
}

function recordLine(index: number): string {
  return JSON.stringify({
    id: `req_${index}`,
    created_at: '2026-11-30T12:00:00.000Z',
    mode: 'async',
    requested_model: 'fast',
    status: 'success',
    latency_ms: 10,
    cost_usd: 0,
  });
}

/** A writer of `rowsPerTransaction` that stores nothing and records the size of each write. */
function countingWriter(rowsPerTransaction: number, writes: number[]): RequestLogWriter {
  const writer: Pick<RequestLogWriter, 'rowsPerTransaction' | 'prepareRequest' | 'storeRequests' | 'flush'> = {
    rowsPerTransaction,
    prepareRequest: (request: StoredRequest) => request,
    storeRequests: async (requests: readonly RequestToStore[]) => {
      writes.push(requests.length);
      return { inserted: requests.length, duplicates: 0, rejected: [], stored: [] };
    },
    flush: async () => {},
  };
  return writer as RequestLogWriter;
}

test("by default each write is as large as one of the writer's transactions", async () => {
  const writes: number[] = [];
  const lines = Array.from({ length: 7 }, (_, index) => recordLine(index));
  const result = await importLogRecords({
    source: streamOf(`${lines.join('\n')}\n`),
    writer: countingWriter(3, writes),
    maxLineBytes: 1_000,
  });
  assert.deepEqual(writes, [3, 3, 1]);
  assert.equal(result.inserted, 7);
});
