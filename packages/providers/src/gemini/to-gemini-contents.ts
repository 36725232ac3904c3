import { InvalidRequestError } from '@sluice/errors';
import type { ChatMessage } from '../openai-chat-schema';
import { parseToolArguments } from '../parse-tool-arguments';
import { readAssistantTexts, readTextContent, readTextParts } from '../read-openai-content-part';
import { unsupportedRole } from '../reject-unsupported-parameters';
import type { GeminiContent, GeminiGenerateContentRequest, GeminiPart } from './gemini-request-types';
import { toGeminiUserParts } from './to-gemini-parts';

/**
 * Gemini 3 rejects replayed functionCall parts without the thoughtSignature it issued, which an OpenAI
 * history cannot carry; Google documents this value for calls whose signature is not available.
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

type Conversation = Pick<GeminiGenerateContentRequest, 'contents' | 'systemInstruction'>;

/** A tool message's content as a functionResponse `response`: a JSON object as is, anything else under `output`. */
function functionResponseOf(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
    return { output: parsed };
  } catch {
    return { output: text };
  }
}

class ContentsBuilder {
  readonly contents: GeminiContent[] = [];
  readonly systemTexts: string[] = [];
  /** Tool call id → function name, from the assistant messages seen so far (Gemini answers by name). */
  readonly #functionNames = new Map<string, string>();
  readonly #signFunctionCalls: boolean;

  constructor(signFunctionCalls: boolean) {
    this.#signFunctionCalls = signFunctionCalls;
  }

  add(message: ChatMessage, param: string): void {
    switch (message.role) {
      case 'system':
      case 'developer':
        this.systemTexts.push(
          ...readTextParts(message.content, `${param}.content`, 'System').filter((text) => text !== ''),
        );
        break;
      case 'user':
        this.#push('user', toGeminiUserParts(message.content, `${param}.content`));
        break;
      case 'assistant':
        this.#push('model', this.#assistantParts(message, param));
        break;
      case 'tool':
        this.#push('user', [this.#functionResponse(message, param)]);
        break;
      default:
        throw unsupportedRole(message.role, param);
    }
  }

  #assistantParts(message: Extract<ChatMessage, { role: 'assistant' }>, param: string): GeminiPart[] {
    const parts: GeminiPart[] = readAssistantTexts(message.content, `${param}.content`).map((text) => ({ text }));
    for (const [index, call] of (message.tool_calls ?? []).entries()) {
      this.#functionNames.set(call.id, call.function.name);
      const args = parseToolArguments(call.function.arguments, `${param}.tool_calls.${index}.function.arguments`);
      const part: GeminiPart = { functionCall: { name: call.function.name, args } };
      if (this.#signFunctionCalls) part.thoughtSignature = SKIP_THOUGHT_SIGNATURE;
      parts.push(part);
    }
    return parts;
  }

  #functionResponse(message: Extract<ChatMessage, { role: 'tool' }>, param: string): GeminiPart {
    const name = this.#functionNames.get(message.tool_call_id);
    if (name === undefined) {
      throw new InvalidRequestError('`tool_call_id` matches no tool call of an earlier assistant message.', {
        param: `${param}.tool_call_id`,
      });
    }
    const text = readTextContent(message.content, `${param}.content`, 'Tool');
    return { functionResponse: { name, response: functionResponseOf(text) } };
  }

  #push(role: GeminiContent['role'], parts: GeminiPart[]): void {
    if (parts.length === 0) return;
    const previous = this.contents.at(-1);
    if (previous?.role === role) previous.parts.push(...parts);
    else this.contents.push({ role, parts });
  }
}

/**
 * OpenAI messages as Gemini's systemInstruction and user/model contents: tool calls become functionCall
 * parts, tool results functionResponse parts named after the call they answer, same-role turns merged.
 */
export function toGeminiContents(messages: ChatMessage[], model: string): Conversation {
  const builder = new ContentsBuilder(/^(models\/)?gemini-3/.test(model));
  for (const [index, message] of messages.entries()) builder.add(message, `messages.${index}`);
  const conversation: Conversation = { contents: builder.contents };
  if (builder.systemTexts.length > 0)
    conversation.systemInstruction = { parts: builder.systemTexts.map((text) => ({ text })) };
  return conversation;
}
