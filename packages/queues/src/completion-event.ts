import { z } from 'zod';
import { MEDIA_KINDS, MediaUsageSchema } from './media-upload';
import { AttemptSchema, CacheInstructionSchema } from './provider-job';

/**
 * What the cache service needs to store a successful answer. The request and response travel here only when the
 * event's own request_body / response_body do not carry them (omitted bodies, streamed answers).
 */
export const CacheStoreSchema = CacheInstructionSchema.extend({
  request: z.record(z.string(), z.unknown()).optional(),
  /** The ChatCompletion JSON text. */
  response: z.string().optional(),
  /** With `nativeKey`: the provider's answer as the client received it (JSON body, or the stream's event text). */
  native: z.string().optional(),
});
export type CacheStore = z.infer<typeof CacheStoreSchema>;

/** One finished request: the SPEC §7 log record, emitted once per request whatever its outcome. */
export const CompletionEventSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  mode: z.enum(['sync', 'async', 'batch']),
  job_id: z.string().nullable().default(null),
  batch_id: z.string().nullable().default(null),
  virtual_key_id: z.string().nullable().default(null),
  /** The ingress admission whose budget and rate-limit holds this completion settles (not part of the log record). */
  admission_id: z.string().optional(),
  config_id: z.string().nullable().default(null),
  config_version: z.number().int().nullable().default(null),
  /** `passthrough`: a `/v1/*` path forwarded to an account as it came (its method and path are in `properties`). */
  endpoint: z.enum([
    'chat',
    'embeddings',
    'count_tokens',
    'completions',
    'moderations',
    'rerank',
    'passthrough',
    ...MEDIA_KINDS,
  ]),
  requested_model: z.string(),
  served_model: z.string().nullable(),
  provider: z.string().nullable(),
  status: z.enum(['success', 'error', 'cached', 'cancelled']),
  http_status: z.number().int(),
  error: z.string().nullable().default(null),
  attempts: z.array(AttemptSchema),
  prompt_tokens: z.number().int().nonnegative().default(0),
  completion_tokens: z.number().int().nonnegative().default(0),
  cached_tokens: z.number().int().nonnegative().default(0),
  cache_write_tokens: z.number().int().nonnegative().default(0),
  reasoning_tokens: z.number().int().nonnegative().default(0),
  /** Rerank searches billed, priced per search (docs/request-log.md). */
  search_units: z.number().int().nonnegative().default(0),
  /** What an images or audio answer is billed by (tokens are not). */
  media_usage: MediaUsageSchema.optional(),
  latency_ms: z.number().nonnegative(),
  ttft_ms: z.number().nonnegative().nullable().default(null),
  queue_wait_ms: z.number().nonnegative().nullable().default(null),
  cache: z.enum(['hit-exact', 'hit-semantic', 'miss', 'off']).default('off'),
  cache_score: z.number().nullable().default(null),
  properties: z.record(z.string(), z.string()).default({}),
  metadata: z.record(z.string(), z.unknown()).default({}),
  user_id: z.string().nullable().default(null),
  session_id: z.string().nullable().default(null),
  trace_id: z.string().nullable().default(null),
  prompt_id: z.string().nullable().default(null),
  prompt_version: z.number().int().nullable().default(null),
  ip: z.string().nullable().default(null),
  /** The body as the client sent it, in its own dialect (Anthropic Messages, Gemini, Responses, OpenAI). */
  request_body: z.unknown().optional(),
  response_body: z.unknown().optional(),
  /**
   * The request as Sluice translated it (the canonical OpenAI form the upstream call is made from), present only
   * when it differs from `request_body` (docs/request-log.md).
   */
  translated_request_body: z.unknown().optional(),
  /** Present on successful, cache-enabled chat answers: the cache service stores them. */
  cache_store: CacheStoreSchema.optional(),
});
export type CompletionEvent = z.infer<typeof CompletionEventSchema>;
export type CompletionEventInput = z.input<typeof CompletionEventSchema>;
