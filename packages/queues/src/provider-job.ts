import { z } from 'zod';

export const FailureTriggerSchema = z.union([z.number().int(), z.enum(['timeout', 'network'])]);

/** One target of a routing plan, fully resolved by the ingress. */
export const PlannedTargetSchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  overrideParams: z.record(z.string(), z.unknown()).default({}),
  retry: z.object({
    attempts: z.number().int().min(1),
    onStatus: z.array(z.number().int()),
    backoffMs: z.number().int().nonnegative(),
  }),
  fallbackOn: z.array(FailureTriggerSchema),
  timeoutMs: z.number().int().positive(),
});
export type PlannedTarget = z.infer<typeof PlannedTargetSchema>;

/** One upstream call, as recorded in the job, the reply and the request log. */
export const AttemptSchema = z.object({
  provider: z.string(),
  model: z.string(),
  status: z.union([z.number().int(), z.literal('timeout'), z.literal('network'), z.literal('cancelled')]),
  latency_ms: z.number().nonnegative(),
  error: z.string().optional(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

export const RequestContextSchema = z.object({
  configId: z.string().optional(),
  requestedModel: z.string(),
  userId: z.string().optional(),
  sessionId: z.string().optional(),
  traceId: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
  properties: z.record(z.string(), z.string()).default({}),
  omitBodies: z.boolean().default(false),
  ip: z.string().optional(),
});
export type RequestContext = z.infer<typeof RequestContextSchema>;

/** A provider job: what a worker needs to make the call and answer; it never carries a provider key. */
export const ProviderJobSchema = z.object({
  requestId: z.string().min(1),
  mode: z.enum(['sync', 'async', 'batch']),
  kind: z.enum(['chat', 'embeddings']),
  stream: z.boolean(),
  /** The canonical (OpenAI-format) request body; the worker re-validates it for its kind. */
  body: z.record(z.string(), z.unknown()),
  /** Reply stream of the waiting ingress instance; absent for async and batch work. */
  replyTo: z.string().optional(),
  plan: z.array(PlannedTargetSchema).min(1),
  step: z.number().int().nonnegative(),
  attempts: z.array(AttemptSchema),
  receivedAt: z.number(),
  enqueuedAt: z.number(),
  deadlineAt: z.number(),
  context: RequestContextSchema,
});
export type ProviderJob = z.infer<typeof ProviderJobSchema>;
export type ProviderJobInput = z.input<typeof ProviderJobSchema>;
