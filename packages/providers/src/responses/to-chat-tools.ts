import type { Tool, ToolChoice } from '../openai-chat-schema';
import {
  FunctionToolSchema,
  type FunctionTool as ResponsesFunctionTool,
  type ResponsesTool,
  type ResponsesToolChoice,
} from './responses-request-schema';

/** A function's name as the model sees it on a translated account, and the name and namespace the client gave it. */
export interface ToolName {
  name: string;
  namespace?: string;
}

export interface ChatTools {
  tools: Tool[];
  toolChoice: ToolChoice | undefined;
  /** Built-in tools (`web_search`, `file_search`…) a translated account cannot offer, by type, in order. */
  omitted: string[];
  /** Flattened function name → the client's name and namespace. */
  names: Map<string, ToolName>;
}

/**
 * A namespaced function's flat name: `crm__lookup`; a namespace that already ends in `_` (`mcp__server__`) is
 * joined directly. Flat names are what translated models see and call. See docs/responses-api.md.
 */
export function flatToolName(name: string, namespace: string | undefined): string {
  if (namespace === undefined || namespace === '') return name;
  return namespace.endsWith('_') ? `${namespace}${name}` : `${namespace}__${name}`;
}

function toChatTool(tool: ResponsesFunctionTool, name: string): Tool {
  const translated: Tool = {
    type: 'function',
    function: { name, parameters: tool.parameters ?? { type: 'object', properties: {} } },
  };
  if (tool.description) translated.function.description = tool.description;
  if (typeof tool.strict === 'boolean') translated.function.strict = tool.strict;
  return translated;
}

/**
 * Responses tools as chat tools: function tools as they are, `namespace` groups flattened into their functions,
 * built-in tools left out and named. A `tool_choice` naming a function keeps it; one naming a built-in tool that
 * was left out becomes `auto`.
 */
export function toChatTools(
  tools: readonly ResponsesTool[] | null | undefined,
  choice: ResponsesToolChoice | null | undefined,
): ChatTools {
  const result: ChatTools = { tools: [], toolChoice: undefined, omitted: [], names: new Map() };
  for (const tool of tools ?? []) {
    if (tool.type === 'namespace' && Array.isArray(tool.tools)) {
      for (const inner of tool.tools) addFunction(result, inner, String(tool.name));
    } else if (tool.type === 'function') {
      addFunction(result, tool, undefined);
    } else {
      result.omitted.push(tool.type);
    }
  }
  result.toolChoice = toChatToolChoice(choice, result);
  return result;
}

function addFunction(result: ChatTools, tool: unknown, namespace: string | undefined): void {
  const parsed = FunctionToolSchema.safeParse(tool);
  if (!parsed.success) {
    const type = typeof tool === 'object' && tool !== null ? String((tool as { type?: unknown }).type) : 'unknown';
    result.omitted.push(namespace === undefined ? type : `${namespace}.${type}`);
    return;
  }
  const flat = flatToolName(parsed.data.name, namespace);
  result.names.set(flat, namespace === undefined ? { name: parsed.data.name } : { name: parsed.data.name, namespace });
  result.tools.push(toChatTool(parsed.data, flat));
}

function toChatToolChoice(choice: ResponsesToolChoice | null | undefined, tools: ChatTools): ToolChoice | undefined {
  if (choice === null || choice === undefined) return undefined;
  if (typeof choice === 'string') return tools.tools.length === 0 && choice === 'required' ? undefined : choice;
  if (choice.type === 'function' && typeof choice.name === 'string') {
    const namespace = typeof choice.namespace === 'string' ? choice.namespace : undefined;
    return { type: 'function', function: { name: flatToolName(choice.name, namespace) } };
  }
  if (choice.type === 'allowed_tools') return choice.mode === 'required' ? 'required' : 'auto';
  return tools.tools.length > 0 ? 'auto' : undefined;
}
