import type { ChatCompletionRequest, Tool } from '../openai-chat-schema';
import { rejectToolChoiceWithoutTools } from '../read-chat-parameters';
import { unsupportedValue } from '../reject-unsupported-parameters';
import type { GeminiFunctionDeclaration, GeminiGenerateContentRequest, GeminiToolConfig } from './gemini-request-types';

type ToolFields = Pick<GeminiGenerateContentRequest, 'tools' | 'toolConfig'>;

function toFunctionDeclaration(tool: Tool): GeminiFunctionDeclaration {
  const declaration: GeminiFunctionDeclaration = { name: tool.function.name };
  if (tool.function.description !== undefined) declaration.description = tool.function.description;
  if (tool.function.parameters !== undefined) declaration.parametersJsonSchema = tool.function.parameters;
  return declaration;
}

function toToolConfig(choice: NonNullable<ChatCompletionRequest['tool_choice']>): GeminiToolConfig {
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
}

/**
 * OpenAI tools as one Gemini tool of functionDeclarations, and tool_choice as functionCallingConfig:
 * auto → AUTO, none → NONE, required → ANY, a named function → ANY limited to that name.
 */
export function toGeminiTools(request: ChatCompletionRequest): ToolFields {
  rejectToolChoiceWithoutTools(request);
  const tools = request.tools ?? [];
  const choice = request.tool_choice;
  if (tools.length === 0) return {};
  if (request.parallel_tool_calls === false && choice !== 'none') {
    throw unsupportedValue(
      'parallel_tool_calls',
      'The gemini provider cannot limit the model to one tool call per turn.',
    );
  }
  const fields: ToolFields = { tools: [{ functionDeclarations: tools.map(toFunctionDeclaration) }] };
  if (choice !== undefined) fields.toolConfig = toToolConfig(choice);
  return fields;
}
