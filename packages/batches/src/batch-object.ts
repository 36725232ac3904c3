import { randomBytes } from 'node:crypto';
import { unixSeconds } from './file-object';

export const BATCH_STATUSES = [
  'validating',
  'failed',
  'in_progress',
  'finalizing',
  'completed',
  'expired',
  'cancelling',
  'cancelled',
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** The statuses a runner still has work in. */
export const ACTIVE_BATCH_STATUSES: readonly BatchStatus[] = ['validating', 'in_progress', 'finalizing', 'cancelling'];

export interface BatchError {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

/** One row of the `batches` table. */
export interface BatchRow {
  id: string;
  status: BatchStatus;
  owner: string;
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  metadata: Record<string, string> | null;
  context: Record<string, unknown>;
  config_header: string | null;
  errors: BatchError[] | null;
  output_file_id: string | null;
  error_file_id: string | null;
  total: number;
  completed: number;
  failed: number;
  enqueued: number;
  next_line: number;
  input_tokens: string | number;
  output_tokens: string | number;
  lease_owner: string | null;
  created_at: Date;
  expires_at: Date;
  in_progress_at: Date | null;
  finalizing_at: Date | null;
  completed_at: Date | null;
  failed_at: Date | null;
  expired_at: Date | null;
  cancelling_at: Date | null;
  cancelled_at: Date | null;
}

/** A batch as OpenAI's Batch API shows it. */
export interface BatchObject {
  id: string;
  object: 'batch';
  endpoint: string;
  errors: { object: 'list'; data: BatchError[] } | null;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number | null;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  usage: {
    input_tokens: number;
    input_tokens_details: { cached_tokens: number };
    output_tokens: number;
    output_tokens_details: { reasoning_tokens: number };
    total_tokens: number;
  };
  metadata: Record<string, string> | null;
}

const FINISHED: readonly BatchStatus[] = ['completed', 'failed', 'expired', 'cancelled'];

export function toBatchObject(row: BatchRow): BatchObject {
  const finished = FINISHED.includes(row.status);
  const inputTokens = Number(row.input_tokens);
  const outputTokens = Number(row.output_tokens);
  return {
    id: row.id,
    object: 'batch',
    endpoint: row.endpoint,
    errors: row.errors && row.errors.length > 0 ? { object: 'list', data: row.errors } : null,
    input_file_id: row.input_file_id,
    completion_window: row.completion_window,
    status: row.status,
    // Files exist only once finalized; a half-written one is never shown.
    output_file_id: finished ? row.output_file_id : null,
    error_file_id: finished ? row.error_file_id : null,
    created_at: unixSeconds(row.created_at),
    in_progress_at: seconds(row.in_progress_at),
    expires_at: seconds(row.expires_at),
    finalizing_at: seconds(row.finalizing_at),
    completed_at: seconds(row.completed_at),
    failed_at: seconds(row.failed_at),
    expired_at: seconds(row.expired_at),
    cancelling_at: seconds(row.cancelling_at),
    cancelled_at: seconds(row.cancelled_at),
    request_counts: { total: row.total, completed: row.completed, failed: row.failed },
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    },
    metadata: row.metadata,
  };
}

export function newBatchId(): string {
  return `batch_${randomBytes(12).toString('hex')}`;
}

function seconds(value: Date | null): number | null {
  return value === null ? null : unixSeconds(value);
}
