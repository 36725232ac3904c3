import type { FinishReason } from '../openai-response-types';

const FINISH_REASONS: Record<string, FinishReason> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
};

/**
 * Gemini's finishReason as OpenAI's finish_reason; a candidate that called functions and stopped is
 * `tool_calls`. Other reasons (OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL, …) are `stop`; none is null.
 */
export function mapGeminiFinishReason(finishReason: string | undefined, calledFunctions: boolean): FinishReason | null {
  if (finishReason === undefined) return null;
  const mapped = FINISH_REASONS[finishReason] ?? 'stop';
  return mapped === 'stop' && calledFunctions ? 'tool_calls' : mapped;
}
