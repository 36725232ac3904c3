import type { ToolCall } from './openai-chat-schema';
import type { ReasoningDetail } from './reasoning';

/** Token counts in OpenAI's shape; provider-specific counts are mapped onto it. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_creation_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
  /** Rerank searches billed (`/v1/rerank` only). */
  search_units?: number;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: {
    index: number;
    message: {
      role: 'assistant';
      content: string | null;
      tool_calls?: ToolCall[];
      refusal?: string | null;
      /** The model's reasoning as text, where the provider returns it (DeepSeek's and vLLM's field). */
      reasoning_content?: string;
      reasoning_details?: ReasoningDetail[];
    };
    finish_reason: FinishReason | null;
    logprobs?: unknown;
  }[];
  usage?: Usage;
  system_fingerprint?: string | null;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: {
    index: number;
    delta: {
      role?: 'assistant';
      content?: string | null;
      tool_calls?: ToolCallDelta[];
      refusal?: string | null;
      reasoning_content?: string;
      /** A finished reasoning block whole, with its signature (its text streamed before as reasoning_content). */
      reasoning_details?: ReasoningDetail[];
    };
    finish_reason: FinishReason | null;
    logprobs?: unknown;
  }[];
  usage?: Usage | null;
  system_fingerprint?: string | null;
}

export interface EmbeddingsResponse {
  object: 'list';
  data: { object: 'embedding'; index: number; embedding: number[] | string }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}
