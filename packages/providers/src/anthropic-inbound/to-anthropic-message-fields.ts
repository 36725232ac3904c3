import { randomUUID } from 'node:crypto';
import type { AnthropicUsage } from '../anthropic/anthropic-wire-schemas';
import type { FinishReason, Usage } from '../openai-response-types';

const STOP_REASONS: Record<FinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'refusal',
};

/** OpenAI's finish_reason as Anthropic's stop_reason; OpenAI cannot tell a stop sequence from a natural end. */
export function toAnthropicStopReason(finishReason: FinishReason | null | undefined): string {
  return finishReason ? STOP_REASONS[finishReason] : 'end_turn';
}

/** OpenAI's counts as Anthropic's, whose input_tokens exclude cache reads and writes. */
export function toAnthropicUsage(usage: Usage | undefined | null): AnthropicUsage {
  const cacheRead = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheCreation = usage?.prompt_tokens_details?.cache_creation_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cacheRead - cacheCreation),
    output_tokens: usage?.completion_tokens ?? 0,
    cache_creation_input_tokens: cacheCreation,
    cache_read_input_tokens: cacheRead,
  };
}

/** An Anthropic-looking message id (`msg_…`) for an upstream completion id. */
export function toAnthropicMessageId(id: string | undefined): string {
  if (!id) return `msg_${randomUUID().replaceAll('-', '')}`;
  return id.startsWith('msg_') ? id : `msg_${id}`;
}
