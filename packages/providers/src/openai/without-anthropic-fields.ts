import type { ChatCompletionRequest, ChatMessage } from '../openai-chat-schema';

function omitCacheControl<T extends { cache_control?: unknown }>(value: T): T {
  if (!('cache_control' in value)) return value;
  const { cache_control: _omitted, ...rest } = value;
  return rest as T;
}

function messageWithout(message: ChatMessage): ChatMessage {
  const copy = { ...omitCacheControl(message) };
  if (copy.role === 'function') return copy;
  if (Array.isArray(copy.content)) copy.content = copy.content.map(omitCacheControl);
  if (copy.role === 'assistant') {
    if (copy.tool_calls !== undefined) copy.tool_calls = copy.tool_calls.map(omitCacheControl);
    delete copy.reasoning_details;
  }
  return copy;
}

/**
 * The request without Anthropic's `cache_control` breakpoints (on the request, its messages, content parts, tool
 * calls and tools) and without the signed thinking assistant messages hand back (`reasoning_details`, which only
 * Anthropic can verify), for providers that would reject the unknown fields. Nothing else changes.
 */
export function withoutAnthropicFields(request: ChatCompletionRequest): ChatCompletionRequest {
  const stripped = omitCacheControl(request);
  const result: ChatCompletionRequest = { ...stripped, messages: stripped.messages.map(messageWithout) };
  if (stripped.tools !== undefined) result.tools = stripped.tools.map(omitCacheControl);
  return result;
}
