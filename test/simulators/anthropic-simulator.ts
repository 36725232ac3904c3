/**
 * Anthropic simulator. `url` = `http://127.0.0.1:PORT` (the SDK-style base; requests
 * go to `/v1/...`). Key in `x-api-key`; every `/v1/messages*` call needs an
 * `anthropic-version` header, as the real API requires.
 *   POST /v1/messages, POST /v1/messages/count_tokens, GET /v1/models
 */
import { anthropicAuthenticationError, anthropicError, anthropicInvalidRequest, anthropicResponseHeaders } from './anthropic-error-body';
import { buildAnthropicMessage, buildAnthropicStreamEvents, parseAnthropicMessagesRequest } from './anthropic-messages';
import { sendServerSentEvents } from './send-event-stream';
import { type SimulatorExchange, headerValue, parseJsonBody, sendJson } from './simulator-exchange';
import { type ProviderRoutes, type RunningSimulator, type StartSimulatorOptions, startSimulator } from './start-simulator';

const simulatedModels = [
  { id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6', created_at: '2026-02-17T00:00:00Z' },
  { id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
];

async function answerMessages(exchange: SimulatorExchange, countTokensOnly: boolean): Promise<void> {
  if (headerValue(exchange, 'anthropic-version') === undefined) {
    return sendJson(exchange, anthropicInvalidRequest('anthropic-version: header is required'));
  }
  const parsed = parseJsonBody(exchange.body);
  if (!parsed.ok) return sendJson(exchange, anthropicInvalidRequest(`There was an error parsing the body of your request: ${parsed.message}`));
  const bodyForParsing =
    countTokensOnly && typeof parsed.value === 'object' && parsed.value !== null ? { max_tokens: 1024, ...parsed.value } : parsed.value;
  const messagesRequest = parseAnthropicMessagesRequest(bodyForParsing);
  if (!messagesRequest.ok) return sendJson(exchange, messagesRequest.reply);
  const headers = anthropicResponseHeaders();
  if (countTokensOnly) {
    const inputTokens = Math.ceil(messagesRequest.request.echo.promptCharacters / 4);
    return sendJson(exchange, { status: 200, headers, body: { input_tokens: inputTokens } });
  }
  if (messagesRequest.request.stream) {
    return sendServerSentEvents(exchange, buildAnthropicStreamEvents(messagesRequest.request), { headers });
  }
  return sendJson(exchange, { status: 200, headers, body: buildAnthropicMessage(messagesRequest.request) });
}

async function handleAnthropic(exchange: SimulatorExchange): Promise<void> {
  const route = `${exchange.request.method} ${exchange.url.pathname}`;
  if (route === 'POST /v1/messages') return answerMessages(exchange, false);
  if (route === 'POST /v1/messages/count_tokens') return answerMessages(exchange, true);
  if (route === 'GET /v1/models') {
    const data = simulatedModels.map((model) => ({ type: 'model', ...model }));
    const body = { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
    return sendJson(exchange, { status: 200, headers: anthropicResponseHeaders(), body });
  }
  return sendJson(exchange, anthropicError(404, 'Not Found'));
}

const anthropicRoutes: ProviderRoutes = {
  basePath: '',
  authorize(exchange, requiredApiKey) {
    const presented = headerValue(exchange, 'x-api-key');
    return presented === requiredApiKey ? undefined : anthropicAuthenticationError(presented);
  },
  failureReply: (_exchange, status) => anthropicError(status),
  handle: handleAnthropic,
};

export function startAnthropicSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator(anthropicRoutes, options);
}
