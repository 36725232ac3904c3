import { randomUUID } from 'node:crypto';
import { nowInSeconds } from '../chat-chunk';
import type { ChatCompletion } from '../openai-response-types';
import { parseUpstreamBody } from '../parse-upstream-body';
import type { ProviderCallContext } from '../provider-adapter';
import { fromGeminiUsage } from './from-gemini-usage';
import { GeminiGenerateContentResponseSchema } from './gemini-wire-schemas';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';
import { readGeminiCandidate } from './read-gemini-candidate';

type Choice = ChatCompletion['choices'][number];

/** No candidates: a prompt blocked by promptFeedback.blockReason, answered as one empty, filtered choice. */
function emptyChoice(blocked: boolean): Choice {
  return {
    index: 0,
    message: { role: 'assistant', content: null },
    finish_reason: blocked ? 'content_filter' : 'stop',
  };
}

/** A generateContent answer as an OpenAI chat completion, one choice per candidate. */
export function fromGeminiResponse(body: unknown, context: ProviderCallContext): ChatCompletion {
  const response = parseUpstreamBody(GeminiGenerateContentResponseSchema, body, 'gemini');
  const choices = (response.candidates ?? []).map((candidate, position): Choice => {
    const { text, thoughts, toolCalls } = readGeminiCandidate(candidate);
    const message: Choice['message'] = { role: 'assistant', content: text };
    if (toolCalls.length > 0) message.tool_calls = toolCalls;
    if (thoughts !== null) message.reasoning_content = thoughts;
    return {
      index: candidate.index ?? position,
      message,
      finish_reason: mapGeminiFinishReason(candidate.finishReason, toolCalls.length > 0),
    };
  });
  const completion: ChatCompletion = {
    id: response.responseId ?? `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: nowInSeconds(),
    model: response.modelVersion ?? context.model,
    choices: choices.length > 0 ? choices : [emptyChoice(response.promptFeedback?.blockReason !== undefined)],
  };
  if (response.usageMetadata) completion.usage = fromGeminiUsage(response.usageMetadata);
  return completion;
}
