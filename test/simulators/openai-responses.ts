/**
 * The OpenAI Responses API (`POST /v1/responses`) as api.openai.com serves it, for accounts with
 * `responses: native`: the request read as items, the response object, and the typed SSE event sequence.
 * A `web_search` tool is "run" (a `web_search_call` item precedes the answer), which only a native account can do.
 */
import {
  buildEchoAnswer,
  collectText,
  type EchoAnswer,
  type EchoRequest,
  randomId,
  splitIntoPieces,
  splitIntoWordDeltas,
} from './echo-answer';
import { openAIInvalidRequest } from './openai-error-body';
import { isRecord, type JsonReply } from './simulator-exchange';

export interface OpenAIResponsesRequest {
  model: string;
  stream: boolean;
  echo: EchoRequest;
  webSearch: boolean;
  /** The request's fields Sluice does not know, echoed in `metadata.unknown_fields` to prove they arrived. */
  unknownFields: string[];
}

const KNOWN_FIELDS = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'stream',
  'store',
  'max_output_tokens',
]);

export function parseOpenAIResponsesRequest(
  body: unknown,
): { ok: true; request: OpenAIResponsesRequest } | { ok: false; reply: JsonReply } {
  if (!isRecord(body) || typeof body.model !== 'string')
    return { ok: false, reply: openAIInvalidRequest("Missing required parameter: 'model'.", 'model') };
  const items = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input;
  if (!Array.isArray(items)) return { ok: false, reply: openAIInvalidRequest("Missing required parameter: 'input'.") };
  let lastUserText = '';
  let promptCharacters = typeof body.instructions === 'string' ? body.instructions.length : 0;
  let answersTool = false;
  for (const item of items) {
    if (!isRecord(item)) continue;
    const text = collectText(
      Array.isArray(item.content)
        ? item.content.map((part) => (isRecord(part) ? { text: part.text } : part))
        : item.content,
    );
    promptCharacters += text.length;
    if (item.role === 'user') lastUserText = text;
    answersTool = item.type === 'function_call_output';
  }
  const tools = Array.isArray(body.tools) ? body.tools.filter(isRecord) : [];
  const functionTool = tools.find((tool) => tool.type === 'function');
  const echo: EchoRequest = { lastUserText, promptCharacters };
  if (typeof body.max_output_tokens === 'number') echo.maxTokens = body.max_output_tokens;
  if (functionTool && typeof functionTool.name === 'string' && !answersTool && body.tool_choice !== 'none')
    echo.toolName = functionTool.name;
  return {
    ok: true,
    request: {
      model: body.model,
      stream: body.stream === true,
      echo,
      webSearch: tools.some((tool) => tool.type === 'web_search'),
      unknownFields: Object.keys(body).filter((name) => !KNOWN_FIELDS.has(name)),
    },
  };
}

function outputItems(answer: EchoAnswer, request: OpenAIResponsesRequest) {
  const items: Record<string, unknown>[] = [];
  if (request.webSearch)
    items.push({ id: randomId('ws_', 24), type: 'web_search_call', status: 'completed', action: { type: 'search' } });
  if (answer.kind === 'tool-call') {
    items.push({
      id: randomId('fc_', 24),
      type: 'function_call',
      status: 'completed',
      call_id: randomId('call_', 24),
      name: answer.toolName,
      arguments: answer.argumentsJson,
    });
  } else {
    items.push({
      id: randomId('msg_', 24),
      type: 'message',
      status: answer.truncated ? 'incomplete' : 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: answer.text, annotations: [], logprobs: [] }],
    });
  }
  return items;
}

export function buildOpenAIResponse(request: OpenAIResponsesRequest) {
  const answer = buildEchoAnswer(request.echo);
  const truncated = answer.kind === 'text' && answer.truncated;
  return {
    id: randomId('resp_', 48),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: truncated ? 'incomplete' : 'completed',
    error: null,
    incomplete_details: truncated ? { reason: 'max_output_tokens' } : null,
    model: request.model,
    output: outputItems(answer, request),
    usage: {
      input_tokens: answer.usage.promptTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: answer.usage.completionTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: answer.usage.totalTokens,
    },
    metadata: { unknown_fields: request.unknownFields.join(',') },
  };
}

/** The typed event sequence for the same response, as `{event, data}` pairs with sequence numbers. */
export function buildOpenAIResponseEvents(request: OpenAIResponsesRequest): { event: string; data: string }[] {
  const response = buildOpenAIResponse(request);
  const events: Record<string, unknown>[] = [];
  const inProgress = { ...response, status: 'in_progress', output: [], usage: null };
  events.push({ type: 'response.created', response: inProgress });
  events.push({ type: 'response.in_progress', response: inProgress });
  for (const [index, item] of response.output.entries()) {
    events.push({ type: 'response.output_item.added', output_index: index, item: { ...item, status: 'in_progress' } });
    if (item.type === 'message') {
      const text = String((item.content as { text: string }[])[0]?.text);
      const at = { item_id: item.id, output_index: index, content_index: 0 };
      events.push({
        type: 'response.content_part.added',
        ...at,
        part: { type: 'output_text', text: '', annotations: [] },
      });
      for (const delta of splitIntoWordDeltas(text))
        events.push({ type: 'response.output_text.delta', ...at, delta, logprobs: [] });
      events.push({ type: 'response.output_text.done', ...at, text, logprobs: [] });
      events.push({ type: 'response.content_part.done', ...at, part: (item.content as unknown[])[0] });
    } else if (item.type === 'function_call') {
      for (const delta of splitIntoPieces(String(item.arguments), 8))
        events.push({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index: index, delta });
      events.push({
        type: 'response.function_call_arguments.done',
        item_id: item.id,
        output_index: index,
        arguments: item.arguments,
      });
    }
    events.push({ type: 'response.output_item.done', output_index: index, item });
  }
  events.push({ type: response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', response });
  return events.map((event, sequence) => ({
    event: String(event.type),
    data: JSON.stringify({ ...event, sequence_number: sequence }),
  }));
}
