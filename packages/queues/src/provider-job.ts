import { z } from 'zod';
import { MEDIA_KINDS, MediaUploadSchema } from './media-upload';

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
  status: z.union([z.number().int(), z.enum(['timeout', 'network', 'cancelled', 'circuit-open', 'internal'])]),
  latency_ms: z.number().nonnegative(),
  error: z.string().optional(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

/** How a successful answer is stored in the response cache; the key is derived from the config id, tenant and request. */
export const CacheInstructionSchema = z.object({
  mode: z.enum(['exact', 'semantic']),
  ttlS: z.number().int().positive(),
  /** Also keep the longer-lived copy served by serve_stale_on_error. */
  keepStale: z.boolean(),
  /** The cache's config identity (the config id and a hash of its routing), not necessarily the logged config id. */
  configId: z.string(),
  tenant: z.string(),
  /**
   * Of a request forwarded in its own dialect (`nativeEntryKey`): its answer is stored as the provider sent it, under
   * this key, when a target of that dialect gave it.
   */
  nativeKey: z.string().optional(),
});
export type CacheInstruction = z.infer<typeof CacheInstructionSchema>;

export const RequestContextSchema = z.object({
  configId: z.string().optional(),
  requestedModel: z.string(),
  userId: z.string().optional(),
  sessionId: z.string().optional(),
  traceId: z.string().optional(),
  /** W3C trace context sent upstream (`traceparent`, and `tracestate` when the client sent one). */
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
  properties: z.record(z.string(), z.string()).default({}),
  omitBodies: z.boolean().default(false),
  ip: z.string().optional(),
  /** The virtual key that authenticated the request; the response cache's tenant. Absent in open development mode. */
  virtualKeyId: z.string().optional(),
  /** The ingress admission (budget and rate-limit holds) that the completion settles. */
  admissionId: z.string().optional(),
  /** The live version of the stored config that routed the request. */
  configVersion: z.number().int().optional(),
  /** The stored prompt the request was rendered from. */
  promptId: z.string().optional(),
  promptVersion: z.number().int().optional(),
  /** Set by the ingress when the response cache is on for this request: how the cache service stores the answer. */
  cache: CacheInstructionSchema.optional(),
});
export type RequestContext = z.infer<typeof RequestContextSchema>;

/**
 * A request in a provider's own dialect, as it came, for the plan's accounts of that type, which receive it unchanged:
 * `POST /v1/messages` for Anthropic accounts (body bytes, `anthropic-beta` and `anthropic-version`;
 * docs/anthropic-messages.md), `POST /v1beta/models/{model}:{method}` for Gemini accounts (docs/gemini-api.md).
 * Targets of other types are sent the canonical `body`.
 */
export const NativeCallSchema = z.object({
  /** Whose dialect the request speaks: the provider type of the accounts that receive it as it came. */
  dialect: z.enum(['anthropic', 'gemini']).default('anthropic'),
  /** Gemini's method: `generateContent`, `streamGenerateContent`, `embedContent`, `batchEmbedContents`… */
  method: z.string().optional(),
  /** The request body's JSON text exactly as the client sent it. */
  body: z.string(),
  /** The client's provider headers (`anthropic-beta`, `anthropic-version`), when it sent them. */
  headers: z.record(z.string(), z.string()),
  /** The query string the client used (`?beta=true`), passed on as it came; Gemini's is Sluice's own (`?alt=sse`). */
  query: z.string().default(''),
  /**
   * The job's `body` holds only the fields Sluice reads (model, max_tokens, stream), not the canonical form, which no
   * target needs: the log then records this body as sent, and the request is not cached.
   */
  loggedAsSent: z.boolean().default(false),
});
export type NativeCall = z.infer<typeof NativeCallSchema>;

/** The OpenAI-dialect operations besides chat and embeddings that Sluice forwards to the accounts serving them. */
export const ForwardedOperationSchema = z.enum(['completions', 'moderations', 'rerank']);
export type ForwardedOperation = z.infer<typeof ForwardedOperationSchema>;

/**
 * A `/v1/completions`, `/v1/moderations` or `/v1/rerank` request as it came, for the plan's targets that serve the
 * operation themselves (docs/http-api.md): they receive these bytes, with only the target's model and override_params
 * replaced. Other targets of a completions plan receive the canonical chat `body`.
 */
export const ForwardedCallSchema = z.object({
  operation: ForwardedOperationSchema,
  /** The request body's JSON text exactly as the client sent it. */
  body: z.string(),
  /** The job's `body` holds only the fields Sluice reads, not a canonical form: the log records this body as sent. */
  loggedAsSent: z.boolean().default(false),
});
export type ForwardedCall = z.infer<typeof ForwardedCallSchema>;

/** A provider job: what a worker needs to make the call and answer; it never carries a provider key. */
export const ProviderJobSchema = z.object({
  requestId: z.string().min(1),
  mode: z.enum(['sync', 'async', 'batch']),
  /**
   * `count_tokens`: a `/v1/messages/count_tokens` or Gemini `:countTokens` call, forwarded as it came (`native`); the
   * media kinds are the images and audio endpoints, forwarded as they came.
   */
  kind: z.enum(['chat', 'embeddings', 'count_tokens', 'completions', 'moderations', 'rerank', ...MEDIA_KINDS]),
  stream: z.boolean(),
  /** The canonical (OpenAI-format) request body; the worker re-validates it for its kind. */
  body: z.record(z.string(), z.unknown()),
  /**
   * The canonical body as JSON text: the text the client sent, when that text parsed is exactly the canonical body (an
   * OpenAI chat request nothing rewrote), or a Responses request's chat translation, serialised once by the ingress.
   * `body` then holds only the fields Sluice reads (withBodyText). OpenAI-dialect accounts are sent these bytes, with
   * only what a target must change replaced; the log keeps them as they are.
   */
  bodyText: z.string().optional(),
  /**
   * A Responses API request: its body as the client sent it, which accounts with `responses: native` receive
   * instead of the canonical `body` (the translation every other account receives). `textLiterals`: the waiting
   * ingress re-encodes the translated stream as Responses events, so a chunk that only adds text is relayed as that
   * text's JSON string literal rather than the whole chunk (see relayedChunkText in the worker).
   */
  responses: z.object({ body: z.record(z.string(), z.unknown()), textLiterals: z.literal(true).optional() }).optional(),
  /**
   * The waiting ingress writes the stream as OpenAI chat events (`POST /v1/chat/completions`): from an account that
   * speaks OpenAI's dialect, each read of its stream goes as one piece of SSE text, the provider's own where it can
   * (EventTextPieces in the worker), rather than chunk by chunk.
   */
  openAIEvents: z.literal(true).optional(),
  /** A request in Anthropic's or Gemini's dialect, forwarded as it came to the plan's accounts of that type. */
  native: NativeCallSchema.optional(),
  /** A `/v1/completions`, `/v1/moderations` or `/v1/rerank` request forwarded as it came to the targets serving it. */
  forwarded: ForwardedCallSchema.optional(),
  /** A multipart media request (edits, variations, transcriptions): its form, files kept as media blobs. */
  upload: MediaUploadSchema.optional(),
  /** Reply stream of the waiting ingress instance; absent for async and batch work. */
  replyTo: z.string().optional(),
  /** Async work: the job record (`job_…`) the outcome is written to. */
  jobId: z.string().optional(),
  /** The BullMQ priority it was first queued at; a fallback re-queues it at the same one. */
  priority: z.number().int().optional(),
  /** Batch work: the batch and input line the outcome belongs to. */
  batchLine: z.object({ batchId: z.string(), line: z.number().int().nonnegative(), customId: z.string() }).optional(),
  plan: z.array(PlannedTargetSchema).min(1),
  step: z.number().int().nonnegative(),
  attempts: z.array(AttemptSchema),
  /** Times a provider 429 or the account's token budget put this job back in its queue (bounded). */
  deferrals: z.number().int().nonnegative().default(0),
  receivedAt: z.number(),
  enqueuedAt: z.number(),
  deadlineAt: z.number(),
  context: RequestContextSchema,
});
export type ProviderJob = z.infer<typeof ProviderJobSchema>;
export type ProviderJobInput = z.input<typeof ProviderJobSchema>;
