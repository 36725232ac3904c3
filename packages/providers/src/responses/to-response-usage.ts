import type { Usage } from '../openai-response-types';
import type { ResponseUsage } from './response-object';

/** Chat usage in the Responses shape: input and output tokens, with cached and reasoning tokens itemised. */
export function toResponseUsage(usage: Usage | null | undefined): ResponseUsage | null {
  if (!usage) return null;
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage.total_tokens,
  };
}

/**
 * JSON.stringify(toResponseUsage(usage)), byte for byte, written from a template when the counts are numbers (as a
 * provider reports them), so that the usage is neither built nor serialised as objects.
 */
export function responseUsageJson(usage: Usage | null | undefined): string {
  if (!usage) return 'null';
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  const counts = [usage.prompt_tokens, cached, usage.completion_tokens, reasoning, usage.total_tokens];
  if (!counts.every(Number.isFinite)) return JSON.stringify(toResponseUsage(usage));
  return `{"input_tokens":${usage.prompt_tokens},"input_tokens_details":{"cached_tokens":${cached}},"output_tokens":${usage.completion_tokens},"output_tokens_details":{"reasoning_tokens":${reasoning}},"total_tokens":${usage.total_tokens}}`;
}

/** Responses usage in the chat shape, for the request log and cost. */
export function fromResponseUsage(usage: Partial<ResponseUsage> | null | undefined): Usage | undefined {
  if (!usage || typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number') return undefined;
  return {
    prompt_tokens: usage.input_tokens,
    completion_tokens: usage.output_tokens,
    total_tokens: usage.total_tokens ?? usage.input_tokens + usage.output_tokens,
    prompt_tokens_details: { cached_tokens: usage.input_tokens_details?.cached_tokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.output_tokens_details?.reasoning_tokens ?? 0 },
  };
}
