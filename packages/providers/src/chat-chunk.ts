import type { ChatCompletionChunk, Usage } from './openai-response-types';

/** What every chunk of one translated stream shares. */
export interface ChunkIdentity {
  id: string;
  created: number;
  model: string;
}

export type ChunkChoice = ChatCompletionChunk['choices'][number];

/** One OpenAI chat chunk; `usage` only on the final, choice-less chunk, as OpenAI sends it with include_usage. */
export function chatChunk(identity: ChunkIdentity, choices: ChunkChoice[], usage?: Usage): ChatCompletionChunk {
  const chunk: ChatCompletionChunk = { ...identity, object: 'chat.completion.chunk', choices };
  if (usage) chunk.usage = usage;
  return chunk;
}

/** The usual single-choice chunk. */
export function deltaChunk(
  identity: ChunkIdentity,
  delta: ChunkChoice['delta'],
  finishReason: ChunkChoice['finish_reason'] = null,
  index = 0,
): ChatCompletionChunk {
  return chatChunk(identity, [{ index, delta, finish_reason: finishReason }]);
}

/** Seconds since the epoch, as OpenAI's `created`. */
export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
