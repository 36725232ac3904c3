import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogImportRecordSchema } from './log-import-record';
import { readPlainImportRecord } from './read-plain-import-record';

/** A record as GET /v1/logs/:id and the NDJSON export give it, every field set. */
const exported: Record<string, unknown> = {
  object: 'request_log',
  id: 'req_1',
  created_at: '2026-11-30T23:59:59.123Z',
  mode: 'async',
  job_id: 'job_1',
  batch_id: null,
  virtual_key_id: 'vk_1',
  config_id: 'cfg',
  config_version: 3,
  endpoint: 'chat',
  requested_model: 'fast',
  served_model: 'claude-3-5-haiku-20241022',
  provider: 'anthropic',
  status: 'success',
  http_status: 200,
  error: null,
  attempts: [
    { provider: 'openai', model: 'gpt-4o', status: 429, latency_ms: 12.5, error: 'rate limited' },
    { provider: 'anthropic', model: 'claude-3-5-haiku-20241022', status: 200, latency_ms: 800 },
  ],
  prompt_tokens: 120,
  completion_tokens: 30,
  cached_tokens: 0,
  cache_write_tokens: 4,
  reasoning_tokens: 0,
  search_units: 0,
  usage_estimated: false,
  cost_usd: 0.0012,
  saved_usd: 0,
  priced: true,
  latency_ms: 812.4,
  ttft_ms: 240,
  queue_wait_ms: 3,
  cache: 'miss',
  cache_score: null,
  properties: { team: 'search', env: 'prod' },
  metadata: { tags: ['a'], nested: { depth: 1 } },
  user_id: 'user-7',
  session_id: 's',
  trace_id: null,
  prompt_id: null,
  prompt_version: null,
  ip: '10.0.0.1',
  request_body: { model: 'fast', messages: [{ role: 'user', content: 'hi' }] },
  response_body: { choices: [{ message: { role: 'assistant', content: 'hello' } }] },
  translated_request_body: null,
};

const minimal: Record<string, unknown> = {
  id: 'req_2',
  created_at: '2026-01-01T00:00:00.000Z',
  mode: 'sync',
  requested_model: 'gpt-4o',
  status: 'error',
  latency_ms: 0,
};

const plain: Record<string, unknown>[] = [
  exported,
  minimal,
  { ...minimal, served_model: null, provider: null, cache: 'hit-semantic', cache_score: 0.93, endpoint: 'rerank' },
  { ...minimal, cost_usd: 0, priced: false, request_body: null, response_body: 'text', extra: { ignored: true } },
  { ...minimal, attempts: [], properties: {}, metadata: {}, config_version: -1, http_status: 0 },
];

/** Values the fields of a record are tried with, one field at a time, besides leaving the field out. */
const ODD_VALUES: unknown[] = [
  null,
  -1,
  0.5,
  2 ** 53,
  '',
  'x',
  true,
  {},
  [],
  ['x'],
  { a: 1 },
  JSON.parse('{"__proto__":"x"}'),
  [{ provider: 'p', model: 'm', status: 'timeout', latency_ms: 1 }],
  [{ provider: 'p', model: 'm', status: 200, latency_ms: 1, extra: 1 }],
  [{ provider: 'p', model: 'm', status: 200, latency_ms: -1 }],
  '2026-01-01T00:00:00Z',
  '2026-01-01T01:00:00.000+01:00',
  '2026-02-30T00:00:00.000Z',
  'hit-exact',
  'cancelled',
  'batch',
];

function variants(record: Record<string, unknown>): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const key of [...Object.keys(record), 'media_usage']) {
    const { [key]: _left, ...without } = record;
    found.push(without);
    for (const value of ODD_VALUES) found.push({ ...record, [key]: value });
  }
  found.push({ ...record, media_usage: { images: 1 } });
  return found;
}

describe('readPlainImportRecord', () => {
  it('reads records of the common shape as LogImportRecordSchema reads them', () => {
    for (const record of plain) {
      const read = readPlainImportRecord(structuredClone(record));
      assert.notEqual(read, undefined, JSON.stringify(record));
      assert.deepEqual(read, LogImportRecordSchema.parse(structuredClone(record)), JSON.stringify(record));
    }
  });

  it('reads no record the schema would refuse or read otherwise, and leaves the odd ones to it', () => {
    let leftToSchema = 0;
    for (const record of plain.flatMap(variants)) {
      const read = readPlainImportRecord(structuredClone(record));
      if (read === undefined) {
        leftToSchema += 1;
        continue;
      }
      const parsed = LogImportRecordSchema.safeParse(structuredClone(record));
      assert.ok(parsed.success, JSON.stringify(record));
      assert.deepEqual(read, parsed.data, JSON.stringify(record));
    }
    assert.ok(leftToSchema > 100, `${leftToSchema} variants left to the schema`);
  });

  it('leaves a non-canonical created_at, a string attempt status and media usage to the schema', () => {
    for (const record of [
      { ...minimal, created_at: '2026-01-01T00:00:00Z' },
      { ...minimal, attempts: [{ provider: 'p', model: 'm', status: 'timeout', latency_ms: 1 }] },
      { ...minimal, media_usage: { images: 1 } },
      [],
      null,
    ])
      assert.equal(readPlainImportRecord(structuredClone(record)), undefined, JSON.stringify(record));
  });
});
