import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { type AnthropicMessagesRequest, AnthropicMessagesRequestSchema } from '../anthropic/anthropic-request-schema';
import { withCacheControl } from '../cache-control';
import type { ChatCompletionRequest, ChatMessage, Tool } from '../openai-chat-schema';
import { type ParameterPolicy, rejectUnsupportedParameters } from '../reject-unsupported-parameters';
import { fromAnthropicMessageParam } from './from-anthropic-content-blocks';
import { unwrapUnionIssues } from './unwrap-union-issues';

const INBOUND_PARAMETERS: ParameterPolicy = {
  subject: 'Translation to a non-Anthropic provider',
  supported: new Set(Object.keys(AnthropicMessagesRequestSchema.shape)),
  ignored: new Set(['service_tier']),
};

function systemMessages(system: AnthropicMessagesRequest['system']): ChatMessage[] {
  if (system === undefined || system.length === 0) return [];
  if (typeof system === 'string') return [{ role: 'system', content: system }];
  return [
    {
      role: 'system',
      content: system.map((block) => withCacheControl({ type: 'text', text: block.text }, block.cache_control)),
    },
  ];
}

function toolFields(request: AnthropicMessagesRequest, omitted: string[]): Partial<ChatCompletionRequest> {
  const fields: Partial<ChatCompletionRequest> = {};
  if (request.tools !== undefined) {
    const loaded = request.tools.filter((tool) => {
      if (tool.defer_loading !== true) return true;
      omitted.push(`tools.${tool.name}.defer_loading`);
      return false;
    });
    fields.tools = loaded.map((tool): Tool => {
      const translated: Tool = { type: 'function', function: { name: tool.name, parameters: tool.input_schema } };
      if (tool.description !== undefined) translated.function.description = tool.description;
      if (tool.strict !== undefined) translated.function.strict = tool.strict;
      return withCacheControl(translated, tool.cache_control);
    });
  }
  const choice = request.tool_choice;
  if (choice === undefined) return fields;
  if (choice.type === 'none') fields.tool_choice = 'none';
  else if (choice.type === 'auto') fields.tool_choice = 'auto';
  else if (choice.type === 'any') fields.tool_choice = 'required';
  else fields.tool_choice = { type: 'function', function: { name: choice.name } };
  if (choice.type !== 'none' && choice.disable_parallel_tool_use === true) fields.parallel_tool_calls = false;
  return fields;
}

function outputFields(request: AnthropicMessagesRequest, omitted: string[]): Partial<ChatCompletionRequest> {
  const config = request.output_config;
  if (config === undefined) return {};
  if (config.effort !== undefined && config.effort !== null) omitted.push('output_config.effort');
  if (!config.format) return {};
  return {
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'output', schema: config.format.schema, strict: true },
    },
  };
}

function samplingFields(request: AnthropicMessagesRequest): Partial<ChatCompletionRequest> {
  const fields: Partial<ChatCompletionRequest> = {};
  if (request.temperature !== undefined) fields.temperature = request.temperature;
  if (request.top_p !== undefined) fields.top_p = request.top_p;
  if (request.top_k !== undefined) fields.top_k = request.top_k;
  if (request.stop_sequences !== undefined && request.stop_sequences.length > 0) fields.stop = request.stop_sequences;
  if (request.metadata?.user_id) fields.user = request.metadata.user_id;
  if (request.stream === true) {
    fields.stream = true;
    fields.stream_options = { include_usage: true };
  }
  return fields;
}

/** Request fields that only let the model think more or keep its context short: a translated target does without them. */
function omittedHints(request: AnthropicMessagesRequest): string[] {
  const omitted: string[] = [];
  if (request.thinking !== undefined && request.thinking.type !== 'disabled') omitted.push('thinking');
  if (request.context_management !== undefined && request.context_management !== null)
    omitted.push('context_management');
  for (const [index, message] of request.messages.entries()) {
    if (message.output_config !== undefined && message.output_config !== null)
      omitted.push(`messages.${index}.output_config`);
  }
  return omitted;
}

/** A `/v1/messages` body in canonical form, with the request fields that form leaves out. */
export interface TranslatedMessagesRequest {
  request: ChatCompletionRequest;
  /**
   * Fields a translated target does without (docs/anthropic-messages.md): `thinking`, `context_management`,
   * `output_config.effort` (of the request or of one message), and tools with `defer_loading` (the model only sees
   * them once a tool search loads them).
   */
  omitted: string[];
}

/**
 * A `POST /v1/messages` body as Sluice's canonical OpenAI chat request, for targets that are not Anthropic
 * accounts. `top_k` is carried as an extension parameter (Anthropic and Gemini honour it; an OpenAI-speaking provider
 * answers for itself); `cache_control` breakpoints stay on their blocks, tools and the request; system-role messages
 * inside `messages` stay where they stand; the hints listed in `omitted` are left out; `mcp_servers`, `container`
 * and any other parameter or block without an OpenAI form are a 400 naming it.
 */
export function translateAnthropicMessagesRequest(body: unknown): TranslatedMessagesRequest {
  const parsed = AnthropicMessagesRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw InvalidRequestError.fromProblems(
      'Anthropic Messages request',
      zodProblems(unwrapUnionIssues(parsed.error.issues)),
    );
  }
  const request = parsed.data;
  rejectUnsupportedParameters(request, INBOUND_PARAMETERS);
  const omitted = omittedHints(request);
  const messages = request.messages.flatMap((message, index) =>
    fromAnthropicMessageParam(message, `messages.${index}`),
  );
  const translated: ChatCompletionRequest = {
    model: request.model,
    messages: [...systemMessages(request.system), ...messages],
    max_tokens: request.max_tokens,
    ...toolFields(request, omitted),
    ...samplingFields(request),
    ...outputFields(request, omitted),
  };
  return { request: withCacheControl(translated, request.cache_control), omitted };
}

/** translateAnthropicMessagesRequest's canonical request alone. */
export function fromAnthropicMessagesRequest(body: unknown): ChatCompletionRequest {
  return translateAnthropicMessagesRequest(body).request;
}
