import type { JobRecord, NewJob } from './job-record';

/** A job's record as it is first stored: queued, with what its submission named. */
export function newJobRecord(job: NewJob): JobRecord {
  return {
    id: job.id,
    status: 'queued',
    endpoint: job.endpoint,
    priority: job.priority,
    request_id: job.requestId,
    owner: job.owner,
    queue_provider: job.queueProvider,
    created_at: job.createdAt,
    metadata: job.metadata,
    webhook_url: job.webhook?.url,
    webhook_secret: job.webhook?.secret,
  };
}

/** A new record as the Redis hash fields that JobRecordSchema reads back. */
export function newJobFields(record: JobRecord): Record<string, string> {
  const fields: Record<string, string> = {
    id: record.id,
    status: record.status,
    endpoint: record.endpoint,
    priority: record.priority,
    request_id: record.request_id,
    owner: record.owner,
    queue_provider: record.queue_provider,
    created_at: String(record.created_at),
    metadata: JSON.stringify(record.metadata),
  };
  if (record.webhook_url !== undefined) fields.webhook_url = record.webhook_url;
  if (record.webhook_secret !== undefined) fields.webhook_secret = record.webhook_secret;
  return fields;
}
