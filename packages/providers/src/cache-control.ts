import { z } from 'zod';

/**
 * A prompt-cache breakpoint in Anthropic's wire form: `{"type": "ephemeral", "ttl"?: "5m" | "1h"}`.
 * Sluice's canonical request carries it on content parts, messages, tool calls and tools, where LiteLLM
 * and OpenRouter accept it from OpenAI clients too; the anthropic adapter sends it on, the others leave it out.
 */
export const CacheControlSchema = z.looseObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() });
export type CacheControl = z.infer<typeof CacheControlSchema>;

/** The optional `cache_control` field (null is accepted, as Anthropic's SDK types allow), spread into a schema. */
export const cacheControlField = { cache_control: CacheControlSchema.nullish() };

/** `value` with `cache_control` added when there is a breakpoint to add; `value` itself otherwise. */
export function withCacheControl<T extends object>(
  value: T,
  cacheControl: CacheControl | null | undefined,
): T & { cache_control?: CacheControl } {
  return cacheControl ? { ...value, cache_control: cacheControl } : value;
}
