import type { ToolCall } from '../openai-chat-schema';
import type { ChatCompletion, FinishReason, Usage } from '../openai-response-types';

/** One part of a Gemini answer as Sluice writes it. */
export type GeminiAnswerPart =
  | { text: string }
  | { functionCall: { id: string; name: string; args: Record<string, unknown> } };

/** Gemini's finish reasons for OpenAI's: a tool call ends a turn as STOP does. */
export function toGeminiFinishReason(reason: FinishReason | null): string | undefined {
  if (reason === null) return undefined;
  if (reason === 'length') return 'MAX_TOKENS';
  if (reason === 'content_filter') return 'SAFETY';
  return 'STOP';
}

/** OpenAI usage as Gemini's usageMetadata. */
export function toGeminiUsageMetadata(usage: Usage): Record<string, number> {
  const metadata: Record<string, number> = {
    promptTokenCount: usage.prompt_tokens,
    candidatesTokenCount: usage.completion_tokens,
    totalTokenCount: usage.total_tokens,
  };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (cached) metadata.cachedContentTokenCount = cached;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning) metadata.thoughtsTokenCount = reasoning;
  return metadata;
}

/** A tool call as a Gemini functionCall part; arguments that are not a JSON object are passed as `{}`. */
export function toGeminiFunctionCall(call: Pick<ToolCall, 'id' | 'function'>): GeminiAnswerPart {
  let args: unknown;
  try {
    args = JSON.parse(call.function.arguments || '{}');
  } catch {
    args = {};
  }
  const object = args !== null && typeof args === 'object' && !Array.isArray(args);
  return {
    functionCall: { id: call.id, name: call.function.name, args: object ? (args as Record<string, unknown>) : {} },
  };
}

/** An OpenAI ChatCompletion as Gemini's GenerateContentResponse: one candidate per choice, usage as usageMetadata. */
export function toGeminiGenerateResponse(completion: ChatCompletion, model: string): Record<string, unknown> {
  const candidates = completion.choices.map((choice) => {
    const parts: GeminiAnswerPart[] = [];
    if (choice.message.content) parts.push({ text: choice.message.content });
    for (const call of choice.message.tool_calls ?? []) parts.push(toGeminiFunctionCall(call));
    const finishReason = toGeminiFinishReason(choice.finish_reason);
    return {
      content: { role: 'model', parts },
      ...(finishReason ? { finishReason } : {}),
      index: choice.index,
    };
  });
  return {
    candidates,
    ...(completion.usage ? { usageMetadata: toGeminiUsageMetadata(completion.usage) } : {}),
    modelVersion: completion.model || model,
    responseId: completion.id,
  };
}
