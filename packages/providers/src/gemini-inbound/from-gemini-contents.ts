import type { ChatMessage, ContentPart, ToolCall } from '../openai-chat-schema';
import type { GeminiInboundContent, GeminiInboundPart } from './gemini-inbound-schemas';
import { refuseUnknownFields, untranslatable } from './untranslatable-field';

const PART_FIELDS = new Set(['text', 'thought', 'thoughtSignature', 'inlineData', 'functionCall', 'functionResponse']);

/**
 * Function calls of the conversation so far, by name, awaiting their responses: Gemini may leave out the ids that
 * OpenAI's tool messages need, so a response without one answers the oldest open call of its name.
 */
class OpenCalls {
  private next = 0;
  private readonly byName = new Map<string, string[]>();

  open(name: string, id: string | undefined): string {
    const callId = id ?? `call_${this.next}`;
    this.next += 1;
    this.byName.set(name, [...(this.byName.get(name) ?? []), callId]);
    return callId;
  }

  answer(name: string, id: string | undefined): string {
    const waiting = this.byName.get(name) ?? [];
    const callId = id ?? waiting[0] ?? `call_${name}`;
    this.byName.set(
      name,
      waiting.filter((open) => open !== callId),
    );
    return callId;
  }
}

/** Gemini `contents` as OpenAI chat messages: `user` turns (text, images, function responses) and `model` turns. */
export function fromGeminiContents(contents: GeminiInboundContent[]): ChatMessage[] {
  const calls = new OpenCalls();
  const messages: ChatMessage[] = [];
  for (const [index, content] of contents.entries()) {
    const at = `contents.${index}`;
    for (const [partIndex, part] of content.parts.entries())
      refuseUnknownFields(part, PART_FIELDS, `${at}.parts.${partIndex}`);
    if (content.role === 'model') messages.push(modelMessage(content.parts, calls));
    else if (content.role === undefined || content.role === 'user')
      messages.push(...userMessages(content.parts, calls, at));
    else throw untranslatable(`${at}.role`, `the roles are user and model, not ${content.role}`);
  }
  return messages;
}

/** The system instruction's text parts as one system message. */
export function fromGeminiSystemInstruction(instruction: GeminiInboundContent): ChatMessage[] {
  const texts = instruction.parts.map((part, index) => {
    refuseUnknownFields(part, new Set(['text']), `systemInstruction.parts.${index}`);
    return part.text ?? '';
  });
  return texts.length === 0 ? [] : [{ role: 'system', content: texts.join('\n') }];
}

function modelMessage(parts: GeminiInboundPart[], calls: OpenCalls): ChatMessage {
  const text = parts
    .filter((part) => part.text !== undefined && part.thought !== true)
    .map((part) => part.text)
    .join('');
  const toolCalls: ToolCall[] = parts.flatMap((part) =>
    part.functionCall
      ? [
          {
            id: calls.open(part.functionCall.name, part.functionCall.id),
            type: 'function' as const,
            function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) },
          },
        ]
      : [],
  );
  return toolCalls.length > 0
    ? { role: 'assistant', content: text === '' ? null : text, tool_calls: toolCalls }
    : { role: 'assistant', content: text };
}

function userMessages(parts: GeminiInboundPart[], calls: OpenCalls, at: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const content: ContentPart[] = [];
  for (const [index, part] of parts.entries()) {
    if (part.functionResponse) {
      const { name, id, response } = part.functionResponse;
      messages.push({ role: 'tool', tool_call_id: calls.answer(name, id), content: JSON.stringify(response ?? {}) });
    } else if (part.inlineData) {
      const { mimeType, data } = part.inlineData;
      if (!mimeType.startsWith('image/'))
        throw untranslatable(`${at}.parts.${index}.inlineData.mimeType`, `inline images only, not ${mimeType}`);
      content.push({ type: 'image_url', image_url: { url: `data:${mimeType};base64,${data}` } });
    } else if (part.functionCall) {
      throw untranslatable(`${at}.parts.${index}.functionCall`, 'a function call belongs in a model turn');
    } else if (part.text !== undefined && part.thought !== true) {
      content.push({ type: 'text', text: part.text });
    }
  }
  if (content.length === 0) return messages;
  const onlyText = content.every((part) => part.type === 'text');
  const user: ChatMessage = {
    role: 'user',
    content: onlyText ? content.map((part) => (part as { text: string }).text).join('') : content,
  };
  return [...messages, user];
}
