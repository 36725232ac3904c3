/**
 * Anthropic Messages (`POST /v1/messages`): request validation, the JSON Message
 * and the SSE event sequence message_start, content_block_start, ping,
 * content_block_delta…, content_block_stop, message_delta, message_stop.
 * Usage reports the prompt cache's reads and writes (see anthropic-prompt-cache.ts).
 */
import { anthropicInvalidRequest } from './anthropic-error-body';
import { type AnthropicCacheUsage, type PromptBlock, readPromptBlocks } from './anthropic-prompt-cache';
import {
  buildEchoAnswer,
  collectText,
  type EchoAnswer,
  type EchoRequest,
  randomId,
  scriptedEcho,
  splitIntoPieces,
  splitIntoWordDeltas,
} from './echo-answer';
import type { ServerSentEvent } from './send-event-stream';
import { isRecord, type JsonReply } from './simulator-exchange';

export interface AnthropicMessagesRequest {
  model: string;
  stream: boolean;
  echo: EchoRequest;
  /** The prompt in cache order, for the simulator's prompt cache. */
  promptBlocks: PromptBlock[];
  /** The answer opens with a thinking block (`Thinking about: <last user text>`, signed). */
  thinking: boolean;
}

export type ParsedAnthropicMessagesRequest =
  | { ok: true; request: AnthropicMessagesRequest }
  | { ok: false; reply: JsonReply };

function chooseToolName(body: Record<string, unknown>): string | undefined {
  const tools = body.tools;
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const toolChoice = body.tool_choice;
  if (isRecord(toolChoice) && toolChoice.type === 'none') return undefined;
  if (isRecord(toolChoice) && toolChoice.type === 'tool' && typeof toolChoice.name === 'string') return toolChoice.name;
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last: unknown = messages[messages.length - 1];
  const answersToolResult =
    isRecord(last) &&
    Array.isArray(last.content) &&
    last.content.some((block) => isRecord(block) && block.type === 'tool_result');
  if (answersToolResult && !(isRecord(toolChoice) && toolChoice.type === 'any')) return undefined;
  const first: unknown = tools[0];
  return isRecord(first) && typeof first.name === 'string' ? first.name : undefined;
}

/** Counts message text and the `system` prompt; the last `user` message supplies the echo. */
export function parseAnthropicMessagesRequest(body: unknown): ParsedAnthropicMessagesRequest {
  if (!isRecord(body)) return { ok: false, reply: anthropicInvalidRequest('body: Input should be a valid dictionary') };
  if (typeof body.model !== 'string' || body.model === '')
    return { ok: false, reply: anthropicInvalidRequest('model: Field required') };
  if (body.max_tokens === undefined) return { ok: false, reply: anthropicInvalidRequest('max_tokens: Field required') };
  if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 1) {
    return {
      ok: false,
      reply: anthropicInvalidRequest('max_tokens: Input should be a valid integer greater than or equal to 1'),
    };
  }
  const messages = body.messages;
  if (messages === undefined) return { ok: false, reply: anthropicInvalidRequest('messages: Field required') };
  if (!Array.isArray(messages))
    return { ok: false, reply: anthropicInvalidRequest('messages: Input should be a valid list') };
  if (messages.length === 0)
    return { ok: false, reply: anthropicInvalidRequest('messages: at least one message is required') };
  let promptCharacters = collectText(body.system).length;
  let lastUserText = '';
  const userTexts: string[] = [];
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || (message.role !== 'user' && message.role !== 'assistant' && message.role !== 'system')) {
      return {
        ok: false,
        reply: anthropicInvalidRequest(`messages.${index}.role: Input should be 'user', 'assistant' or 'system'`),
      };
    }
    const thinkingProblem = unsignedThinking(message.content, index);
    if (thinkingProblem !== undefined) return { ok: false, reply: anthropicInvalidRequest(thinkingProblem) };
    const text = collectText(message.content);
    promptCharacters += text.length;
    if (message.role === 'user') {
      lastUserText = text;
      userTexts.push(text);
    }
  }
  const toolTurnProblem = toolTurnWithoutThinking(body.thinking, messages);
  if (toolTurnProblem !== undefined) return { ok: false, reply: anthropicInvalidRequest(toolTurnProblem) };
  const base: EchoRequest = { lastUserText, promptCharacters, maxTokens: body.max_tokens };
  if (isRecord(body.output_config) && isRecord(body.output_config.format)) base.json = true;
  const toolName = chooseToolName(body);
  if (toolName !== undefined) base.toolName = toolName;
  const last = messages[messages.length - 1] as Record<string, unknown>;
  const endsWithToolResult =
    last.role === 'user' &&
    Array.isArray(last.content) &&
    last.content.some((block) => isRecord(block) && block.type === 'tool_result');
  const echo = scriptedEcho(base, {
    userTexts,
    lastToolResult: endsWithToolResult ? lastUserText : undefined,
    offeredTools: toolNames(body),
  });
  return {
    ok: true,
    request: {
      model: body.model,
      stream: body.stream === true,
      echo,
      promptBlocks: readPromptBlocks(body),
      thinking: wantsThinking(body.thinking),
    },
  };
}

function toolNames(body: Record<string, unknown>): string[] {
  if (!Array.isArray(body.tools)) return [];
  return body.tools.flatMap((tool) => (isRecord(tool) && typeof tool.name === 'string' ? [tool.name] : []));
}

/** Thinking shown in the answer: asked for (`enabled` or `adaptive`) and not hidden (`display: "omitted"`). */
function wantsThinking(thinking: unknown): boolean {
  return (
    isRecord(thinking) &&
    (thinking.type === 'enabled' || thinking.type === 'adaptive') &&
    thinking.display !== 'omitted'
  );
}

/**
 * With thinking on, the assistant turn that made the tool calls being answered must open with its thinking, as the
 * real API checks (only where this simulator shows thinking: it sends no block for `display: "omitted"`).
 */
function toolTurnWithoutThinking(thinking: unknown, messages: unknown[]): string | undefined {
  if (!wantsThinking(thinking)) return undefined;
  const index = messages.findLastIndex((message) => isRecord(message) && message.role === 'assistant');
  const turn = messages[index];
  if (!isRecord(turn) || !Array.isArray(turn.content)) return undefined;
  const blocks = turn.content.filter(isRecord);
  if (!blocks.some((block) => block.type === 'tool_use')) return undefined;
  const first = blocks[0]?.type;
  if (first === 'thinking' || first === 'redacted_thinking') return undefined;
  return (
    `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first)}\`. ` +
    'When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the ' +
    'lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous ' +
    'turns. To avoid this requirement, disable `thinking`.'
  );
}

/** A thinking block handed back must keep its signature, as the real API checks. */
function unsignedThinking(content: unknown, index: number): string | undefined {
  if (!Array.isArray(content)) return undefined;
  const at = content.findIndex(
    (block) => isRecord(block) && block.type === 'thinking' && typeof block.signature !== 'string',
  );
  return at === -1 ? undefined : `messages.${index}.content.${at}.thinking.signature: Field required`;
}

function stopReason(answer: EchoAnswer): 'end_turn' | 'max_tokens' | 'tool_use' {
  if (answer.kind === 'tool-call') return 'tool_use';
  return answer.truncated ? 'max_tokens' : 'end_turn';
}

/** Anthropic's input_tokens exclude cache reads and writes, which are counted apart. */
function usage(answer: EchoAnswer, outputTokens: number, cache: AnthropicCacheUsage) {
  const creation = cache.creation5mTokens + cache.creation1hTokens;
  return {
    input_tokens: Math.max(0, answer.usage.promptTokens - cache.readTokens - creation),
    cache_creation_input_tokens: creation,
    cache_read_input_tokens: cache.readTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: cache.creation5mTokens,
      ephemeral_1h_input_tokens: cache.creation1hTokens,
    },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function contentBlock(answer: EchoAnswer, toolUseId: string) {
  if (answer.kind === 'tool-call')
    return { type: 'tool_use', id: toolUseId, name: answer.toolName, input: answer.input };
  return { type: 'text', text: answer.text };
}

/** The thinking an answer opens with when the request asks to see it. */
function thinkingText(request: AnthropicMessagesRequest): string {
  return `Thinking about: ${request.echo.lastUserText}`;
}

export function buildAnthropicMessage(request: AnthropicMessagesRequest, cache: AnthropicCacheUsage) {
  const answer = buildEchoAnswer(request.echo);
  const thinking = request.thinking
    ? [{ type: 'thinking', thinking: thinkingText(request), signature: randomId('sig_', 32) }]
    : [];
  return {
    id: randomId('msg_01', 22),
    type: 'message',
    role: 'assistant',
    model: request.model,
    content: [...thinking, contentBlock(answer, randomId('toolu_01', 22))],
    stop_reason: stopReason(answer),
    stop_sequence: null,
    usage: usage(answer, answer.usage.completionTokens, cache),
  };
}

function event(type: string, payload: Record<string, unknown> = {}): ServerSentEvent {
  return { event: type, data: JSON.stringify({ type, ...payload }) };
}

export function buildAnthropicStreamEvents(
  request: AnthropicMessagesRequest,
  cache: AnthropicCacheUsage,
): ServerSentEvent[] {
  const answer = buildEchoAnswer(request.echo);
  const message = {
    id: randomId('msg_01', 22),
    type: 'message',
    role: 'assistant',
    model: request.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: usage(answer, 1, cache),
  };
  const opening =
    answer.kind === 'tool-call'
      ? { type: 'tool_use', id: randomId('toolu_01', 22), name: answer.toolName, input: {} }
      : { type: 'text', text: '' };
  const deltas =
    answer.kind === 'tool-call'
      ? splitIntoPieces(answer.argumentsJson, 8).map((piece) => ({ type: 'input_json_delta', partial_json: piece }))
      : splitIntoWordDeltas(answer.text).map((piece) => ({ type: 'text_delta', text: piece }));
  const {
    service_tier: _serviceTier,
    cache_creation: _cacheCreation,
    ...finalUsage
  } = usage(answer, answer.usage.completionTokens, cache);
  const index = request.thinking ? 1 : 0;
  const thinking = request.thinking
    ? [
        event('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
        ...splitIntoWordDeltas(thinkingText(request)).map((piece) =>
          event('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: piece } }),
        ),
        event('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: randomId('sig_', 32) } }),
        event('content_block_stop', { index: 0 }),
      ]
    : [];
  return [
    event('message_start', { message }),
    ...thinking,
    event('content_block_start', { index, content_block: opening }),
    event('ping'),
    ...deltas.map((delta) => event('content_block_delta', { index, delta })),
    event('content_block_stop', { index }),
    event('message_delta', { delta: { stop_reason: stopReason(answer), stop_sequence: null }, usage: finalUsage }),
    event('message_stop'),
  ];
}
