import { z } from 'zod';
import { JobEndpointSchema, JobPrioritySchema } from './job-record';
import { WebhookTargetSchema } from './webhook-target';

/** `POST /v1/jobs`: an OpenAI request body for one endpoint, run in the background. */
export const JobSubmissionSchema = z.strictObject({
  endpoint: JobEndpointSchema.default('/v1/chat/completions'),
  body: z.record(z.string(), z.unknown()),
  webhook: WebhookTargetSchema.optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
  priority: JobPrioritySchema.default('normal'),
});
export type JobSubmission = z.infer<typeof JobSubmissionSchema>;

/** `GET /v1/jobs` query. */
export const JobListQuerySchema = z.strictObject({
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().min(1).optional(),
});

/** `GET /v1/jobs/:id` query: `wait` long-polls up to 60 seconds for the job to settle. */
export const JobGetQuerySchema = z.strictObject({
  wait: z.coerce.number().min(0).max(60).default(0),
});
