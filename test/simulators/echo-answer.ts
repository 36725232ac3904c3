/**
 * The deterministic answer every simulator gives, independent of wire format:
 * `Echo: <last user text>`, or one tool call with `{"echo": <last user text>}` (unless the last message is
 * already a tool result, which is answered with text), with token counts of ceil(characters / 4).
 */
import { randomBytes } from 'node:crypto';

export interface EchoRequest {
  lastUserText: string;
  /** Characters of all message text in the request (system prompt included). */
  promptCharacters: number;
  /** `max_tokens` / `max_completion_tokens` / `maxOutputTokens`; 1..3 truncates the answer. */
  maxTokens?: number;
  /** Name of the tool to call, when the request offers tools and allows calling one. */
  toolName?: string;
  /** The tool call's arguments (JSON text); `{"echo": <last user text>}` when unset. */
  toolArguments?: string;
  /** The request asked for JSON (a response format or schema): the answer is `{"echo": <last user text>}`. */
  json?: boolean;
  /** The tool call's input; `{"echo": <last user text>}` when unset. */
  toolInput?: Record<string, unknown>;
}

export interface EchoUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export type EchoAnswer =
  | { kind: 'text'; text: string; truncated: boolean; usage: EchoUsage }
  | {
      kind: 'tool-call';
      toolName: string;
      input: Record<string, unknown>;
      argumentsJson: string;
      usage: EchoUsage;
    };

export function countTokens(characters: number): number {
  return Math.ceil(characters / 4);
}

function usageFor(promptCharacters: number, answerCharacters: number): EchoUsage {
  const promptTokens = countTokens(promptCharacters);
  const completionTokens = countTokens(answerCharacters);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}

/**
 * A `maxTokens` of 1..3 always yields a text answer cut to `maxTokens * 4` characters
 * with a "length" finish, even when tools were offered.
 */
export function buildEchoAnswer(request: EchoRequest): EchoAnswer {
  const fullText = request.json ? JSON.stringify({ echo: request.lastUserText }) : `Echo: ${request.lastUserText}`;
  const maxTokens = request.maxTokens;
  if (maxTokens !== undefined && maxTokens >= 1 && maxTokens <= 3) {
    const text = fullText.slice(0, maxTokens * 4);
    return { kind: 'text', text, truncated: true, usage: usageFor(request.promptCharacters, text.length) };
  }
  if (request.toolName !== undefined) {
    const input =
      request.toolInput ??
      (request.toolArguments === undefined ? { echo: request.lastUserText } : JSON.parse(request.toolArguments));
    const argumentsJson = request.toolArguments ?? JSON.stringify(input);
    return {
      kind: 'tool-call',
      toolName: request.toolName,
      input,
      argumentsJson,
      usage: usageFor(request.promptCharacters, argumentsJson.length),
    };
  }
  return {
    kind: 'text',
    text: fullText,
    truncated: false,
    usage: usageFor(request.promptCharacters, fullText.length),
  };
}

/** `[[tool:NAME {json}]]` in a user message: the scripted tool call of an agent conversation. */
const TOOL_SCRIPT = /\[\[tool:([A-Za-z0-9_-]+) (\{.*?\})\]\]/s;

export interface ConversationShape {
  /** The text of every user message, in order. */
  userTexts: string[];
  /** The text of the tool result(s) ending the conversation, when its last turn hands tool results back. */
  lastToolResult: string | undefined;
  /** The names of the tools the request offers. */
  offeredTools: string[];
}

/**
 * Agent conversations (Claude Code, Codex): a user message holding `[[tool:NAME {json}]]` makes the model call the
 * offered tool NAME with that input; once the conversation ends with that tool's result, the model answers
 * `Echo: <the result>`. Without a script, or when NAME is not offered, the echo request is unchanged.
 */
export function scriptedEcho(echo: EchoRequest, shape: ConversationShape): EchoRequest {
  const match = shape.userTexts.map((text) => TOOL_SCRIPT.exec(text)).find((found) => found !== null);
  const name = match?.[1];
  if (match === undefined || name === undefined || !shape.offeredTools.includes(name)) return echo;
  const { toolName: _offered, toolInput: _input, ...rest } = echo;
  if (shape.lastToolResult !== undefined) return { ...rest, lastUserText: shape.lastToolResult };
  return { ...rest, toolName: name, toolInput: JSON.parse(match[2] ?? '{}') as Record<string, unknown> };
}

/** Splits text into word deltas that keep their trailing whitespace: "a b" -> ["a ", "b"]. */
export function splitIntoWordDeltas(text: string): string[] {
  if (text === '') return [];
  return text.split(/(?<=\s)(?=\S)/);
}

/** Splits text into pieces of at most `size` characters (for streamed tool arguments). */
export function splitIntoPieces(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

/**
 * Concatenated text of a message's content: a string, or an array of parts where
 * text parts are `{type: "text", text}` (OpenAI, Anthropic) or `{text}` (Gemini).
 * Anthropic `tool_result` blocks contribute the text of their nested content.
 */
export function collectText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (typeof part === 'string') {
      text += part;
    } else if (typeof part === 'object' && part !== null) {
      const record = part as Record<string, unknown>;
      const type = record.type;
      if (typeof record.text === 'string' && (type === undefined || type === 'text')) text += record.text;
      else if (type === 'tool_result') text += collectText(record.content);
    }
  }
  return text;
}

const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `prefix` followed by `length` random alphanumerics, like provider ids (`chatcmpl-…`, `msg_01…`). */
export function randomId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let suffix = '';
  for (const byte of bytes) suffix += idAlphabet[byte % idAlphabet.length];
  return `${prefix}${suffix}`;
}
