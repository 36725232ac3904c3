import { z } from 'zod';

export const PROVIDER_TYPES = ['openai', 'anthropic', 'gemini', 'azure-openai'] as const;
export const ProviderTypeSchema = z.enum(PROVIDER_TYPES);
export type ProviderType = z.infer<typeof ProviderTypeSchema>;

export const ProviderLimitsSchema = z.strictObject({
  rpm: z.number().int().positive().optional(),
  tpm: z.number().int().positive().optional(),
  concurrency: z.number().int().positive().optional(),
});

export const ProviderAccountSchema = z.strictObject({
  type: ProviderTypeSchema,
  base_url: z.url().optional(),
  api_key: z.string().optional(),
  api_version: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  models: z.array(z.string()).optional(),
  limits: ProviderLimitsSchema.optional(),
  timeout_ms: z.number().int().positive().optional(),
  /** `native`: the account serves the Responses API itself (api.openai.com, Azure); see docs/responses-api.md. */
  responses: z.enum(['native', 'translated']).optional(),
  /**
   * `true`: the account serves `POST {base_url}/rerank` in the Cohere/Jina body shape (a Cohere, Jina or vLLM-style
   * server); only OpenAI-compatible (`type: openai`) accounts may say so. See docs/configuration.md.
   */
  rerank: z.boolean().optional(),
});
export type ProviderAccount = z.infer<typeof ProviderAccountSchema>;

export const FailureTriggerSchema = z.union([z.number().int().min(100).max(599), z.enum(['timeout', 'network'])]);
export type FailureTrigger = z.infer<typeof FailureTriggerSchema>;

export const RetryPolicySchema = z.strictObject({
  attempts: z.number().int().min(1).max(20).default(1),
  on_status: z.array(z.number().int().min(100).max(599)).default([429, 500, 502, 503, 504, 529]),
  backoff_ms: z.number().int().nonnegative().default(250),
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

export const CacheModeSchema = z.enum(['off', 'exact', 'semantic']);
export type CacheMode = z.infer<typeof CacheModeSchema>;

export const CachePolicySchema = z.strictObject({
  mode: CacheModeSchema.default('off'),
  ttl_s: z.number().int().positive().default(3600),
  threshold: z.number().min(0).max(1).default(0.95),
  serve_stale_on_error: z.boolean().default(false),
});
export type CachePolicy = z.infer<typeof CachePolicySchema>;

/** A condition document: `{ "metadata.plan": { $eq: "paid" } }`, combinable with $and / $or / $not. */
export const ConditionSchema: z.ZodType<Record<string, unknown>> = z.record(z.string(), z.unknown());

export const StrategySchema = z.enum(['single', 'fallback', 'loadbalance', 'conditional']);
export type Strategy = z.infer<typeof StrategySchema>;

export interface ProviderTarget {
  provider: string;
  model?: string | undefined;
  weight?: number | undefined;
  name?: string | undefined;
  override_params?: Record<string, unknown> | undefined;
}

export interface NestedTarget {
  config: RoutingConfig;
  weight?: number | undefined;
  name?: string | undefined;
}

export type Target = ProviderTarget | NestedTarget;

export interface RoutingConfig {
  strategy: Strategy;
  targets: Target[];
  conditions?: { when: Record<string, unknown>; then: string }[] | undefined;
  default?: string | undefined;
  retry?: RetryPolicy | undefined;
  fallback_on?: FailureTrigger[] | undefined;
  timeout_ms?: number | undefined;
  cache?: CachePolicy | undefined;
  override_params?: Record<string, unknown> | undefined;
}

export const ProviderTargetSchema = z.strictObject({
  provider: z.string().min(1),
  model: z.string().min(1).optional(),
  weight: z.number().positive().optional(),
  name: z.string().min(1).optional(),
  override_params: z.record(z.string(), z.unknown()).optional(),
});

export const RoutingConfigSchema: z.ZodType<RoutingConfig> = z.lazy(() =>
  z.strictObject({
    strategy: StrategySchema.default('single'),
    targets: z.array(TargetSchema).min(1),
    conditions: z.array(z.strictObject({ when: ConditionSchema, then: z.string().min(1) })).optional(),
    default: z.string().min(1).optional(),
    retry: RetryPolicySchema.optional(),
    fallback_on: z.array(FailureTriggerSchema).optional(),
    timeout_ms: z.number().int().positive().optional(),
    cache: CachePolicySchema.optional(),
    override_params: z.record(z.string(), z.unknown()).optional(),
  }),
) as z.ZodType<RoutingConfig>;

export const NestedTargetSchema = z.strictObject({
  config: RoutingConfigSchema,
  weight: z.number().positive().optional(),
  name: z.string().min(1).optional(),
});

export const TargetSchema = z.union([ProviderTargetSchema, NestedTargetSchema]);

export const PriceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cached_input: z.number().nonnegative().optional(),
  cache_write: z.number().nonnegative().optional(),
  /** USD per 1,000 searches, for rerank models (a search is one query over up to 100 documents). */
  per_1k_searches: z.number().nonnegative().optional(),
});

export const GatewayConfigSchema = z.strictObject({
  providers: z
    .record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'provider ids use letters, digits, - and _'), ProviderAccountSchema)
    .default({}),
  configs: z.record(z.string().min(1), RoutingConfigSchema).default({}),
  default_config: z.string().min(1).optional(),
  models: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** The semantic cache's embedding model; `dimensions` is its vector size, needed for models Sluice does not know. */
  embeddings: z
    .strictObject({
      provider: z.string().min(1),
      model: z.string().min(1),
      dimensions: z.number().int().min(1).max(65_536).optional(),
    })
    .optional(),
  pricing: z.record(z.string().min(1), PriceSchema).default({}),
  /** What the request log stores: `bodies: false` keeps metadata only, for every request. */
  logging: z.strictObject({ bodies: z.boolean().default(true) }).default({ bodies: true }),
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

export function isNestedTarget(target: Target): target is NestedTarget {
  return 'config' in target;
}
