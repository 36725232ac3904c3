import type { Attempt } from '@sluice/queues';
import type { JobEndpoint, JobError, JobPriority, JobRecord, JobStatus } from './job-record';

/** A job as the API and webhooks show it: OpenAI conventions (Unix seconds, `object`), never the webhook secret. */
export interface JobView {
  id: string;
  object: 'job';
  status: JobStatus;
  endpoint: JobEndpoint;
  priority: JobPriority;
  request_id: string;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  attempts: Attempt[];
  result?: unknown;
  error?: JobError;
  usage?: Record<string, unknown>;
  cost_usd?: number;
  provider?: string;
  model?: string;
  metadata: Record<string, unknown>;
  webhook: { url: string } | null;
}

export function toJobView(record: JobRecord): JobView {
  const view: JobView = {
    id: record.id,
    object: 'job',
    status: record.status,
    endpoint: record.endpoint,
    priority: record.priority,
    request_id: record.request_id,
    created_at: seconds(record.created_at),
    started_at: record.started_at === undefined ? null : seconds(record.started_at),
    completed_at: record.completed_at === undefined ? null : seconds(record.completed_at),
    attempts: record.attempts ?? [],
    metadata: record.metadata,
    webhook: record.webhook_url === undefined ? null : { url: record.webhook_url },
  };
  if (record.result !== undefined) view.result = parseResult(record.result);
  if (record.error !== undefined) view.error = record.error;
  if (record.usage !== undefined) view.usage = record.usage;
  if (record.cost_usd !== undefined) view.cost_usd = record.cost_usd;
  if (record.provider !== undefined) view.provider = record.provider;
  if (record.model !== undefined) view.model = record.model;
  return view;
}

function seconds(milliseconds: number): number {
  return Math.floor(milliseconds / 1000);
}

function parseResult(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
