import { InvalidRequestError } from '@sluice/errors';
import { withCacheControl } from '../cache-control';
import type { ChatCompletionRequest, Tool } from '../openai-chat-schema';
import { rejectToolChoiceWithoutTools } from '../read-chat-parameters';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-request-schema';

export interface AnthropicToolFields {
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
}

function toAnthropicTool(tool: Tool, index: number): AnthropicTool {
  const parameters = tool.function.parameters ?? {};
  if (parameters.type !== undefined && parameters.type !== 'object') {
    throw new InvalidRequestError('Tool parameters must be a JSON Schema of type `object`.', {
      param: `tools.${index}.function.parameters`,
    });
  }
  const result: AnthropicTool = { name: tool.function.name, input_schema: { ...parameters, type: 'object' } };
  if (tool.function.description !== undefined) result.description = tool.function.description;
  if (tool.function.strict === true) result.strict = true;
  return withCacheControl(result, tool.cache_control);
}

function toAnthropicToolChoice(request: ChatCompletionRequest): AnthropicToolChoice {
  const parallel = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  const choice = request.tool_choice ?? 'auto';
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return { type: 'auto', ...parallel };
  if (choice === 'required') return { type: 'any', ...parallel };
  return { type: 'tool', name: choice.function.name, ...parallel };
}

/**
 * OpenAI tools and tool_choice as Anthropic's: auto, none, required → any, a named function → tool;
 * `parallel_tool_calls: false` → `disable_parallel_tool_use`.
 */
export function toAnthropicTools(request: ChatCompletionRequest): AnthropicToolFields {
  rejectToolChoiceWithoutTools(request);
  const tools = request.tools ?? [];
  if (tools.length === 0) return {};
  const fields: AnthropicToolFields = { tools: tools.map(toAnthropicTool) };
  if (request.tool_choice !== undefined || request.parallel_tool_calls === false) {
    fields.tool_choice = toAnthropicToolChoice(request);
  }
  return fields;
}
