/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`, also served on Azure
 * deployment routes): request validation, the JSON answer and the SSE chunks.
 */
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
import { openAIInvalidRequest } from './openai-error-body';
import { isRecord, type JsonReply } from './simulator-exchange';

export interface OpenAIChatRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  echo: EchoRequest;
}

export type ParsedOpenAIChatRequest = { ok: true; request: OpenAIChatRequest } | { ok: false; reply: JsonReply };

function offeredToolNames(body: Record<string, unknown>): string[] {
  if (!Array.isArray(body.tools)) return [];
  return body.tools.flatMap((tool) =>
    isRecord(tool) && isRecord(tool.function) && typeof tool.function.name === 'string' ? [tool.function.name] : [],
  );
}

/** The text of the tool messages that end the conversation, or undefined when it ends otherwise. */
function toolResultsAtEnd(messages: unknown[]): string | undefined {
  const texts: string[] = [];
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (!isRecord(message) || message.role !== 'tool') break;
    texts.unshift(collectText(message.content));
  }
  return texts.length === 0 ? undefined : texts.join('\n');
}

function chooseToolName(body: Record<string, unknown>): string | undefined {
  const tools = body.tools;
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const toolChoice = body.tool_choice;
  if (toolChoice === 'none') return undefined;
  if (isRecord(toolChoice) && isRecord(toolChoice.function) && typeof toolChoice.function.name === 'string') {
    return toolChoice.function.name;
  }
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last: unknown = messages[messages.length - 1];
  if (toolChoice !== 'required' && isRecord(last) && last.role === 'tool') return undefined;
  const first: unknown = tools[0];
  if (isRecord(first) && isRecord(first.function) && typeof first.function.name === 'string')
    return first.function.name;
  return undefined;
}

/** `defaultModel` is the Azure deployment name, used when the body names no model. */
export function parseOpenAIChatRequest(body: unknown, defaultModel?: string): ParsedOpenAIChatRequest {
  if (!isRecord(body))
    return {
      ok: false,
      reply: openAIInvalidRequest('Invalid type for body: expected an object.', null, 'invalid_type'),
    };
  const model = typeof body.model === 'string' && body.model !== '' ? body.model : defaultModel;
  if (model === undefined) return { ok: false, reply: openAIInvalidRequest('you must provide a model parameter') };
  const messages = body.messages;
  if (messages === undefined) {
    return {
      ok: false,
      reply: openAIInvalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter'),
    };
  }
  if (!Array.isArray(messages)) {
    return {
      ok: false,
      reply: openAIInvalidRequest(
        `Invalid type for 'messages': expected an array, but got ${typeof messages} instead.`,
        'messages',
        'invalid_type',
      ),
    };
  }
  if (messages.length === 0) {
    return {
      ok: false,
      reply: openAIInvalidRequest(
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        'messages',
        'empty_array',
      ),
    };
  }
  let promptCharacters = 0;
  let lastUserText = '';
  const userTexts: string[] = [];
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || typeof message.role !== 'string') {
      const param = `messages[${index}].role`;
      return {
        ok: false,
        reply: openAIInvalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter'),
      };
    }
    const text = collectText(message.content);
    promptCharacters += text.length;
    if (message.role === 'user') {
      lastUserText = text;
      userTexts.push(text);
    }
  }
  const maxTokens = typeof body.max_completion_tokens === 'number' ? body.max_completion_tokens : body.max_tokens;
  const streamOptions = body.stream_options;
  const base: EchoRequest = { lastUserText, promptCharacters };
  if (typeof maxTokens === 'number') base.maxTokens = maxTokens;
  const format = body.response_format;
  if (isRecord(format) && (format.type === 'json_schema' || format.type === 'json_object')) base.json = true;
  const toolName = chooseToolName(body);
  if (toolName !== undefined) base.toolName = toolName;
  const echo = scriptedEcho(base, {
    userTexts,
    lastToolResult: toolResultsAtEnd(messages),
    offeredTools: offeredToolNames(body),
  });
  return {
    ok: true,
    request: {
      model,
      stream: body.stream === true,
      includeUsage: isRecord(streamOptions) && streamOptions.include_usage === true,
      echo,
    },
  };
}

export function openAIUsage(answer: EchoAnswer) {
  return {
    prompt_tokens: answer.usage.promptTokens,
    completion_tokens: answer.usage.completionTokens,
    total_tokens: answer.usage.totalTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function finishReason(answer: EchoAnswer): 'stop' | 'length' | 'tool_calls' {
  if (answer.kind === 'tool-call') return 'tool_calls';
  return answer.truncated ? 'length' : 'stop';
}

const systemFingerprint = 'fp_sim0000001';

export function buildChatCompletion(request: OpenAIChatRequest) {
  const answer = buildEchoAnswer(request.echo);
  const message =
    answer.kind === 'tool-call'
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: randomId('call_', 24),
              type: 'function',
              function: { name: answer.toolName, arguments: answer.argumentsJson },
            },
          ],
          refusal: null,
          annotations: [],
        }
      : { role: 'assistant', content: answer.text, refusal: null, annotations: [] };
  return {
    id: randomId('chatcmpl-', 29),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(answer) }],
    usage: openAIUsage(answer),
    service_tier: 'default',
    system_fingerprint: systemFingerprint,
  };
}

function deltaSequence(answer: EchoAnswer): Record<string, unknown>[] {
  if (answer.kind === 'tool-call') {
    const opening = {
      role: 'assistant',
      content: null,
      tool_calls: [
        { index: 0, id: randomId('call_', 24), type: 'function', function: { name: answer.toolName, arguments: '' } },
      ],
      refusal: null,
    };
    const pieces = splitIntoPieces(answer.argumentsJson, 8).map((piece) => ({
      tool_calls: [{ index: 0, function: { arguments: piece } }],
    }));
    return [opening, ...pieces];
  }
  const pieces = splitIntoWordDeltas(answer.text).map((piece) => ({ content: piece }));
  return [{ role: 'assistant', content: '', refusal: null }, ...pieces];
}

/** The `data:` payloads of a streamed completion, `[DONE]` last. */
export function buildChatCompletionChunks(request: OpenAIChatRequest): string[] {
  const answer = buildEchoAnswer(request.echo);
  const envelope = {
    id: randomId('chatcmpl-', 29),
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    service_tier: 'default',
    system_fingerprint: systemFingerprint,
  };
  // With include_usage every chunk carries `usage: null` except the final usage chunk.
  const usageField = request.includeUsage ? { usage: null } : {};
  const chunks: unknown[] = deltaSequence(answer).map((delta) => ({
    ...envelope,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: null }],
    ...usageField,
  }));
  chunks.push({
    ...envelope,
    choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason(answer) }],
    ...usageField,
  });
  if (request.includeUsage) chunks.push({ ...envelope, choices: [], usage: openAIUsage(answer) });
  return [...chunks.map((chunk) => JSON.stringify(chunk)), '[DONE]'];
}
