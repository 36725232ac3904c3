import { AttemptSchema } from '@sluice/queues';
import { z } from 'zod';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_JOB_STATUSES.includes(status);
}

export const JOB_ENDPOINTS = ['/v1/chat/completions', '/v1/embeddings'] as const;
export const JobEndpointSchema = z.enum(JOB_ENDPOINTS);
export type JobEndpoint = z.infer<typeof JobEndpointSchema>;

export const JobPrioritySchema = z.enum(['high', 'normal', 'low']);
export type JobPriority = z.infer<typeof JobPrioritySchema>;

export const JobErrorSchema = z.object({
  message: z.string(),
  type: z.string(),
  code: z.string().nullable(),
  param: z.string().nullable(),
  status: z.number().int(),
});
export type JobError = z.infer<typeof JobErrorSchema>;

export const JobUsageSchema = z.looseObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
});

/** A JSON-encoded hash field, decoded and validated. */
function json<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

const millis = z.coerce.number().int().nonnegative();

/** One async job as stored: a Redis hash of strings, re-validated whenever it is read. */
export const JobRecordSchema = z.object({
  id: z.string(),
  status: JobStatusSchema,
  endpoint: JobEndpointSchema,
  priority: JobPrioritySchema,
  request_id: z.string(),
  /** The virtual key that created the job, or `_` (open gateway, admin). */
  owner: z.string(),
  /** The provider queue the job was first added to, under its own id (for removal on cancel). */
  queue_provider: z.string(),
  created_at: millis,
  started_at: millis.optional(),
  completed_at: millis.optional(),
  metadata: json(z.record(z.string(), z.unknown())),
  attempts: json(z.array(AttemptSchema)).optional(),
  /** The provider's answer in OpenAI format, as JSON text. */
  result: z.string().optional(),
  error: json(JobErrorSchema).optional(),
  usage: json(JobUsageSchema).optional(),
  cost_usd: z.coerce.number().optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
  webhook_url: z.string().optional(),
  webhook_secret: z.string().optional(),
  webhook_enqueued: z.literal('1').optional(),
});
export type JobRecord = z.infer<typeof JobRecordSchema>;

/** What a new job record holds before any worker touches it. */
export interface NewJob {
  id: string;
  endpoint: JobEndpoint;
  priority: JobPriority;
  requestId: string;
  owner: string;
  queueProvider: string;
  createdAt: number;
  metadata: Record<string, unknown>;
  webhook?: { url: string; secret: string } | undefined;
}

/** The terminal outcome a worker records. */
export interface JobSettlement {
  status: 'succeeded' | 'failed';
  completedAt: number;
  attempts: z.infer<typeof AttemptSchema>[];
  result?: string | undefined;
  error?: JobError | undefined;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | undefined;
  costUsd?: number | undefined;
  provider?: string | undefined;
  model?: string | undefined;
}
