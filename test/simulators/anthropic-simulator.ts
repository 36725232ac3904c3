/**
 * Anthropic simulator. `url` = `http://127.0.0.1:PORT` (the SDK-style base; requests
 * go to `/v1/...`). Key in `x-api-key`; every `/v1/messages*` call needs an
 * `anthropic-version` header, as the real API requires. Each simulator keeps its own
 * prompt cache, cleared by `reset()`.
 *   POST /v1/messages, POST /v1/messages/count_tokens, GET /v1/models
 */
import {
  anthropicAuthenticationError,
  anthropicError,
  anthropicInvalidRequest,
  anthropicResponseHeaders,
} from './anthropic-error-body';
import { buildAnthropicMessage, buildAnthropicStreamEvents, parseAnthropicMessagesRequest } from './anthropic-messages';
import { AnthropicPromptCache } from './anthropic-prompt-cache';
import { sendServerSentEvents } from './send-event-stream';
import { headerValue, parseJsonBody, type SimulatorExchange, sendJson } from './simulator-exchange';
import {
  type ProviderRoutes,
  type RunningSimulator,
  type StartSimulatorOptions,
  startSimulator,
} from './start-simulator';

const simulatedModels = [
  { id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6', created_at: '2026-02-17T00:00:00Z' },
  { id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
];

async function answerMessages(
  exchange: SimulatorExchange,
  cache: AnthropicPromptCache,
  countTokensOnly: boolean,
): Promise<void> {
  if (headerValue(exchange, 'anthropic-version') === undefined) {
    return sendJson(exchange, anthropicInvalidRequest('anthropic-version: header is required'));
  }
  const parsed = parseJsonBody(exchange.body);
  if (!parsed.ok)
    return sendJson(
      exchange,
      anthropicInvalidRequest(`There was an error parsing the body of your request: ${parsed.message}`),
    );
  const bodyForParsing =
    countTokensOnly && typeof parsed.value === 'object' && parsed.value !== null
      ? { max_tokens: 1024, ...parsed.value }
      : parsed.value;
  const messagesRequest = parseAnthropicMessagesRequest(bodyForParsing);
  if (!messagesRequest.ok) return sendJson(exchange, messagesRequest.reply);
  const headers = anthropicResponseHeaders();
  if (countTokensOnly) {
    const inputTokens = Math.ceil(messagesRequest.request.echo.promptCharacters / 4);
    return sendJson(exchange, { status: 200, headers, body: { input_tokens: inputTokens } });
  }
  const { request } = messagesRequest;
  if (exchange.knobs.toolArguments !== undefined) request.echo.toolArguments = exchange.knobs.toolArguments;
  const cacheUsage = cache.use(request.model, request.promptBlocks);
  if (request.stream)
    return sendServerSentEvents(exchange, buildAnthropicStreamEvents(request, cacheUsage), { headers });
  return sendJson(exchange, { status: 200, headers, body: buildAnthropicMessage(request, cacheUsage) });
}

async function handleAnthropic(exchange: SimulatorExchange, cache: AnthropicPromptCache): Promise<void> {
  const route = `${exchange.request.method} ${exchange.url.pathname}`;
  if (route === 'POST /v1/messages') return answerMessages(exchange, cache, false);
  if (route === 'POST /v1/messages/count_tokens') return answerMessages(exchange, cache, true);
  if (route === 'GET /v1/models') {
    const data = simulatedModels.map((model) => ({ type: 'model', ...model }));
    const body = { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
    return sendJson(exchange, { status: 200, headers: anthropicResponseHeaders(), body });
  }
  return sendJson(exchange, anthropicError(404, 'Not Found'));
}

function anthropicRoutes(cache: AnthropicPromptCache): ProviderRoutes {
  return {
    basePath: '',
    authorize(exchange, requiredApiKey) {
      const presented = headerValue(exchange, 'x-api-key');
      return presented === requiredApiKey ? undefined : anthropicAuthenticationError(presented);
    },
    failureReply: (_exchange, status) => anthropicError(status),
    handle: (exchange) => handleAnthropic(exchange, cache),
  };
}

export async function startAnthropicSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const cache = new AnthropicPromptCache();
  const simulator = await startSimulator(anthropicRoutes(cache), options);
  return {
    ...simulator,
    reset: () => {
      simulator.reset();
      cache.clear();
    },
  };
}
