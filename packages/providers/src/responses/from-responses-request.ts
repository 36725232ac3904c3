import type { ChatCompletionRequest, ChatMessage } from '../openai-chat-schema';
import { unsupportedValue } from '../reject-unsupported-parameters';
import type { InputItem, ResponsesRequest, TextFormat } from './responses-request-schema';
import { toChatMessages } from './to-chat-messages';
import { type ToolName, toChatTools } from './to-chat-tools';

/** A Responses request as Sluice's canonical chat request, with what the translation left out. */
export interface TranslatedResponsesRequest {
  chat: ChatCompletionRequest;
  /** Built-in tools left out of the upstream call (`web_search`…), for `x-sluice-omitted-tools` and the log. */
  omittedTools: string[];
  /** Flattened function name → the client's name and namespace, to name function calls in the output. */
  toolNames: Map<string, ToolName>;
}

/** The request's `input` as items: a string is one user message. */
export function inputItemsOf(input: ResponsesRequest['input']): InputItem[] {
  if (input === undefined) return [];
  return typeof input === 'string' ? [{ type: 'message', role: 'user', content: input }] : input;
}

/**
 * Translates a Responses request for accounts that do not serve the Responses API: `instructions` become a
 * leading system message, `history` (the stored conversation `previous_response_id` names) comes before `input`,
 * tools are flattened, `text.format` becomes `response_format`, `max_output_tokens` `max_completion_tokens`, and
 * `reasoning.effort` `reasoning_effort`. Fields that steer OpenAI's own storage (`store`, `include`,
 * `prompt_cache_key`, `service_tier`…) and unknown fields are not sent. See docs/responses-api.md.
 */
export function fromResponsesRequest(
  request: ResponsesRequest,
  history: readonly InputItem[] = [],
): TranslatedResponsesRequest {
  const messages: ChatMessage[] = [];
  if (request.instructions) messages.push({ role: 'system', content: request.instructions });
  messages.push(...toChatMessages(history, 'previous_response_id'));
  messages.push(...toChatMessages(inputItemsOf(request.input)));
  if (messages.length === 0) throw unsupportedValue('input', 'A response needs `input` (or `instructions`).');
  const tools = toChatTools(request.tools, request.tool_choice);
  const chat: ChatCompletionRequest = { model: request.model, messages };
  if (request.stream === true) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  if (tools.tools.length > 0) chat.tools = tools.tools;
  if (tools.toolChoice !== undefined && tools.tools.length > 0) chat.tool_choice = tools.toolChoice;
  if (typeof request.parallel_tool_calls === 'boolean' && tools.tools.length > 0)
    chat.parallel_tool_calls = request.parallel_tool_calls;
  if (typeof request.temperature === 'number') chat.temperature = request.temperature;
  if (typeof request.top_p === 'number') chat.top_p = request.top_p;
  if (typeof request.max_output_tokens === 'number') chat.max_completion_tokens = request.max_output_tokens;
  if (typeof request.user === 'string') chat.user = request.user;
  const effort = request.reasoning?.effort;
  if (effort) chat.reasoning_effort = effort;
  const format = responseFormatOf(request.text?.format);
  if (format) chat.response_format = format;
  return { chat, omittedTools: tools.omitted, toolNames: tools.names };
}

function responseFormatOf(format: TextFormat | null | undefined): ChatCompletionRequest['response_format'] {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  const schema: Record<string, unknown> = { name: format.name, schema: format.schema };
  if (format.description) schema.description = format.description;
  if (typeof format.strict === 'boolean') schema.strict = format.strict;
  return { type: 'json_schema', json_schema: schema };
}
