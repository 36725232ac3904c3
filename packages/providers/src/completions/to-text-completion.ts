import type { ChatCompletion, ChatCompletionChunk, FinishReason, Usage } from '../openai-response-types';

/** A legacy completions answer (`object: text_completion`), as OpenAI sends it. */
export interface TextCompletion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: { text: string; index: number; logprobs: null; finish_reason: FinishReason | null }[];
  usage?: Usage | null;
  system_fingerprint?: string | null;
}

/** A chat answer to a translated completions request, in the completions shape its client expects. */
export function toTextCompletion(completion: ChatCompletion): TextCompletion {
  return {
    id: completionId(completion.id),
    object: 'text_completion',
    created: completion.created,
    model: completion.model,
    choices: completion.choices.map((choice) => ({
      text: choice.message.content ?? '',
      index: choice.index,
      logprobs: null,
      finish_reason: choice.finish_reason,
    })),
    ...(completion.usage ? { usage: completion.usage } : {}),
  };
}

/**
 * One chat stream chunk as a completions stream chunk (also `object: text_completion`); undefined for a chunk that
 * carries nothing a completions client reads (the opening role-only delta).
 */
export function toTextCompletionChunk(chunk: ChatCompletionChunk): TextCompletion | undefined {
  const choices = chunk.choices
    .filter((choice) => (choice.delta.content ?? '') !== '' || choice.finish_reason !== null)
    .map((choice) => ({
      text: choice.delta.content ?? '',
      index: choice.index,
      logprobs: null,
      finish_reason: choice.finish_reason,
    }));
  if (choices.length === 0 && !chunk.usage) return undefined;
  return {
    id: completionId(chunk.id),
    object: 'text_completion',
    created: chunk.created,
    model: chunk.model,
    choices,
    ...(chunk.usage ? { usage: chunk.usage } : {}),
  };
}

function completionId(chatId: string): string {
  return chatId.startsWith('chatcmpl-') ? `cmpl-${chatId.slice('chatcmpl-'.length)}` : chatId;
}
