import type { ChatMessage, ContentPart, ToolCall } from '../openai-chat-schema';
import { decodeReasoningCarrier, type ReasoningDetail, readReasoningDetails } from '../reasoning';
import { unsupportedValue } from '../reject-unsupported-parameters';
import {
  FunctionCallItemSchema,
  FunctionCallOutputItemSchema,
  type InputItem,
  type MessageItem,
  MessageItemSchema,
  ReasoningItemSchema,
  type ResponsesContentPart,
} from './responses-request-schema';
import { flatToolName } from './to-chat-tools';

/**
 * Item types a translated account never sees: built-in tool calls a native account made earlier in the conversation
 * (their results are in the answer that followed them).
 */
const DROPPED_ITEMS = new Set([
  'web_search_call',
  'file_search_call',
  'code_interpreter_call',
  'image_generation_call',
  'mcp_call',
  'mcp_list_tools',
]);

/**
 * Responses input items as chat messages: system and developer messages as system messages, user content parts as
 * chat parts, assistant text and the function calls after it as one assistant message with tool_calls, and each
 * function_call_output as a tool message. Reasoning Sluice returned from Anthropic (signed thinking in its
 * encrypted_content) goes back on the assistant message after it as `reasoning_details`; other reasoning and built-in
 * tool call items are dropped; any other item is a 400 naming it.
 */
export function toChatMessages(items: readonly InputItem[], param = 'input'): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let reasoning: ReasoningDetail[] = [];
  for (const [index, item] of items.entries()) {
    const path = `${param}.${index}`;
    const type = item.type ?? 'message';
    if (DROPPED_ITEMS.has(type)) continue;
    if (type === 'reasoning') reasoning.push(...reasoningOf(item));
    else if (type === 'message') {
      messages.push(...fromMessage(item, path));
      reasoning = attachReasoning(messages, reasoning);
    } else if (type === 'function_call') {
      addToolCall(messages, item, path);
      reasoning = attachReasoning(messages, reasoning);
    } else if (type === 'function_call_output') messages.push(fromFunctionOutput(item, path));
    else {
      throw unsupportedValue(
        `${path}.type`,
        `Input items of type \`${type}\` need an account that serves the Responses API natively.`,
      );
    }
  }
  return messages;
}

/** The signed reasoning a reasoning item carries from Sluice's own answer; none from any other issuer's. */
function reasoningOf(item: InputItem): ReasoningDetail[] {
  const reasoning = ReasoningItemSchema.safeParse(item);
  return reasoning.success ? decodeReasoningCarrier(reasoning.data.encrypted_content) : [];
}

/** Reasoning handed back goes on the assistant message that followed it, and nowhere else; none is left over. */
function attachReasoning(messages: ChatMessage[], reasoning: ReasoningDetail[]): ReasoningDetail[] {
  const last = messages.at(-1);
  if (reasoning.length > 0 && last?.role === 'assistant')
    last.reasoning_details = [...readReasoningDetails(last.reasoning_details), ...reasoning];
  return [];
}

function fromMessage(item: InputItem, path: string): ChatMessage[] {
  const message = textMessage(item) ?? parsed(MessageItemSchema, item, path);
  if (message.role === 'system' || message.role === 'developer')
    return [{ role: 'system', content: textOf(message.content, path) }];
  if (message.role === 'assistant') {
    const text = textOf(message.content, path);
    return [{ role: 'assistant', content: text }];
  }
  const content = message.content;
  if (typeof content === 'string') return [{ role: 'user', content }];
  return [{ role: 'user', content: content.map((part, index) => toChatPart(part, `${path}.content.${index}`)) }];
}

function addToolCall(messages: ChatMessage[], item: InputItem, path: string): void {
  const call = parsed(FunctionCallItemSchema, item, path);
  const toolCall: ToolCall = {
    id: call.call_id,
    type: 'function',
    function: { name: flatToolName(call.name, call.namespace), arguments: call.arguments },
  };
  const last = messages.at(-1);
  if (last?.role === 'assistant') {
    last.tool_calls = [...(last.tool_calls ?? []), toolCall];
    return;
  }
  messages.push({ role: 'assistant', content: null, tool_calls: [toolCall] });
}

function fromFunctionOutput(item: InputItem, path: string): ChatMessage {
  const output = parsed(FunctionCallOutputItemSchema, item, path);
  const parts = output.output;
  if (typeof parts === 'string') return { role: 'tool', tool_call_id: output.call_id, content: parts };
  const textOnly = parts.every((part) => part.type === 'input_text' || part.type === 'output_text');
  const content = textOnly
    ? textOf(parts, `${path}.output`)
    : parts.map((part, index) => toChatPart(part, `${path}.output.${index}`));
  return { role: 'tool', tool_call_id: output.call_id, content };
}

function toChatPart(part: ResponsesContentPart, path: string): ContentPart {
  if (part.type === 'input_text' || part.type === 'output_text') return { type: 'text', text: String(part.text) };
  if (part.type === 'input_image') {
    if (typeof part.image_url !== 'string' || part.image_url === '')
      throw unsupportedValue(`${path}.file_id`, 'Images by file id need an account that serves the Responses API.');
    const detail = part.detail === 'low' || part.detail === 'high' || part.detail === 'auto' ? part.detail : undefined;
    return { type: 'image_url', image_url: detail ? { url: part.image_url, detail } : { url: part.image_url } };
  }
  if (part.type === 'input_file') {
    const file: Record<string, string> = {};
    if (typeof part.file_data === 'string') file.file_data = part.file_data;
    else if (typeof part.file_id === 'string') file.file_id = part.file_id;
    else throw unsupportedValue(`${path}.file_url`, 'Files by URL need an account that serves the Responses API.');
    if (typeof part.filename === 'string') file.filename = part.filename;
    return { type: 'file', file };
  }
  throw unsupportedValue(`${path}.type`, `Content parts of type \`${part.type}\` cannot be translated.`);
}

/** The text of system, developer and assistant content and of function outputs: text parts joined. */
function textOf(content: string | readonly ResponsesContentPart[], path: string): string {
  if (typeof content === 'string') return content;
  return content
    .map((part, index) => {
      if (part.type === 'input_text' || part.type === 'output_text') return String(part.text);
      if (part.type === 'refusal') return String(part.refusal);
      throw unsupportedValue(`${path}.content.${index}.type`, `Only text can be sent in this message.`);
    })
    .join('');
}

const MESSAGE_ROLES: ReadonlySet<unknown> = new Set(MessageItemSchema.shape.role.options);

/**
 * A message item with text content, checked as MessageItemSchema checks it but without zod, which costs more in the
 * ingress than the rest of the translation (BENCHMARKS.md, responses-stream profile); undefined for any other shape.
 */
function textMessage(item: InputItem): MessageItem | undefined {
  const { type, id, role, content, status } = item as Record<string, unknown>;
  if (typeof content !== 'string' || !MESSAGE_ROLES.has(role)) return undefined;
  if (type !== undefined && type !== 'message') return undefined;
  if ((id !== undefined && typeof id !== 'string') || (status !== undefined && typeof status !== 'string'))
    return undefined;
  return item as MessageItem;
}

function parsed<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  item: unknown,
  path: string,
): T {
  const result = schema.safeParse(item);
  if (!result.success) throw unsupportedValue(path, `Input item ${path} is not a valid item of its type.`);
  return result.data;
}
