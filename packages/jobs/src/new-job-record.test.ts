import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobRecordSchema, type NewJob } from './job-record';
import { newJobFields, newJobRecord } from './new-job-record';

const JOB: NewJob = {
  id: 'job_1',
  endpoint: '/v1/chat/completions',
  priority: 'low',
  requestId: 'req_1',
  owner: 'vk_1',
  queueProvider: 'openai',
  createdAt: 1_795_000_000_000,
  metadata: { order: 42, tags: ['a'] },
  webhook: { url: 'https://hooks.example.com/x', secret: 'whsec_abc' },
};

test('a new record written as hash fields reads back as the same record', () => {
  const record = newJobRecord(JOB);
  assert.equal(record.status, 'queued');
  assert.deepEqual(JobRecordSchema.parse(newJobFields(record)), record);
});

test('a job without a webhook stores no webhook fields', () => {
  const fields = newJobFields(newJobRecord({ ...JOB, webhook: undefined }));
  assert.equal('webhook_url' in fields, false);
  assert.equal('webhook_secret' in fields, false);
  const parsed = JobRecordSchema.parse(fields);
  assert.equal(parsed.webhook_url, undefined);
  assert.deepEqual(parsed.metadata, JOB.metadata);
});
