/**
 * OpenAI simulator, which also answers Azure OpenAI routes on the same server.
 *
 * OpenAI (`url` = `http://127.0.0.1:PORT/v1`, key in `Authorization: Bearer`):
 *   POST /v1/chat/completions, POST /v1/embeddings, POST /v1/responses, GET /v1/models, GET /v1/models/{id},
 *   POST /v1/completions (legacy), POST /v1/moderations, POST /v1/rerank (Cohere's v2 shape, as a rerank server
 *   answers), and the pass-through routes of openai-pass-through.ts
 * Azure OpenAI (endpoint = `origin` = `http://127.0.0.1:PORT`, key in `api-key`):
 *   POST /openai/deployments/{deployment}/chat/completions?api-version=…
 *   POST /openai/deployments/{deployment}/embeddings?api-version=…
 *   POST /openai/deployments/{deployment}/completions?api-version=… (legacy completions)
 *   POST /openai/v1/chat/completions, POST /openai/v1/embeddings (the v1 API; model in the body)
 *   POST /openai/deployments/{deployment}/{images,audio}/… (the media endpoints of openai-media.ts)
 * OpenAI also: POST /v1/images/generations|edits|variations, POST /v1/audio/speech|transcriptions|translations.
 * Azure answers echo the deployment name as `model` when the body names none.
 */
import { azurePromptFilterChunk, decorateAzureChatCompletion } from './azure-content-filter';
import { buildChatCompletion, buildChatCompletionChunks, parseOpenAIChatRequest } from './openai-chat-completion';
import { answerOpenAICompletions } from './openai-completions';
import { answerOpenAIEmbeddings } from './openai-embeddings';
import {
  azureAuthenticationError,
  azureError,
  azureFailure,
  azurePresentedKey,
  azureResponseHeaders,
  openAIAuthenticationError,
  openAIError,
  openAIFailure,
  openAIInvalidRequest,
  openAIResponseHeaders,
} from './openai-error-body';
import { answerMedia, MEDIA_OPERATIONS, type MediaOperation } from './openai-media';
import { answerOpenAIModerations } from './openai-moderations';
import { answerPassThrough } from './openai-pass-through';
import { answerRerank } from './openai-rerank';
import { buildOpenAIResponse, buildOpenAIResponseEvents, parseOpenAIResponsesRequest } from './openai-responses';
import { sendServerSentEvents } from './send-event-stream';
import {
  bearerToken,
  isRecord,
  type JsonReply,
  parseJsonBody,
  type SimulatorExchange,
  sendJson,
} from './simulator-exchange';
import {
  type ProviderRoutes,
  type RunningSimulator,
  type StartSimulatorOptions,
  startSimulator,
} from './start-simulator';

type Operation = 'chat' | 'embeddings' | 'completions' | MediaOperation;

interface AzureRoute {
  operation: Operation;
  /** Deployment name from the path; undefined on the v1 API routes. */
  deployment?: string;
}

const simulatedModels = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1-mini', 'text-embedding-3-small', 'text-embedding-3-large'];

function isAzure(exchange: SimulatorExchange): boolean {
  return exchange.url.pathname.startsWith('/openai/');
}

function matchAzureRoute(pathname: string): AzureRoute | undefined {
  const deploymentMatch = pathname.match(/^\/openai\/deployments\/([^/]+)\/(.+)$/);
  const operation = deploymentMatch?.[2];
  if (deploymentMatch?.[1] !== undefined && operation !== undefined) {
    const known = MEDIA_OPERATIONS.find((media) => media === operation);
    const plain = operation === 'embeddings' || operation === 'completions' || operation === 'chat/completions';
    if (known === undefined && !plain) return undefined;
    return {
      operation: known ?? (operation === 'embeddings' || operation === 'completions' ? operation : 'chat'),
      deployment: decodeURIComponent(deploymentMatch[1]),
    };
  }
  if (pathname === '/openai/v1/chat/completions') return { operation: 'chat' };
  if (pathname === '/openai/v1/embeddings') return { operation: 'embeddings' };
  return undefined;
}

function requestedModel(exchange: SimulatorExchange): string {
  const parsed = parseJsonBody(exchange.body);
  if (parsed.ok && isRecord(parsed.value) && typeof parsed.value.model === 'string') return parsed.value.model;
  return 'gpt-4o-mini';
}

function modelObject(id: string) {
  return { id, object: 'model', created: 1_715_367_049, owned_by: 'system' };
}

const invalidJsonMessage =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

async function answerOperation(exchange: SimulatorExchange, operation: Operation, azure: boolean, deployment?: string) {
  const headers = azure ? azureResponseHeaders() : openAIResponseHeaders();
  if (operation !== 'chat' && operation !== 'embeddings' && operation !== 'completions')
    return answerMedia(exchange, operation, headers, deployment);
  const parsed = parseJsonBody(exchange.body);
  if (!parsed.ok) return sendJson(exchange, { ...openAIInvalidRequest(invalidJsonMessage), headers });
  if (operation === 'embeddings') {
    const reply = answerOpenAIEmbeddings(parsed.value, deployment);
    return sendJson(exchange, { ...reply, headers });
  }
  if (operation === 'completions') {
    const answer = answerOpenAICompletions(parsed.value, deployment);
    if (answer.events)
      return sendServerSentEvents(
        exchange,
        answer.events.map((data) => ({ data })),
        { headers },
      );
    return sendJson(exchange, { ...(answer.reply as JsonReply), headers });
  }
  const chatRequest = parseOpenAIChatRequest(parsed.value, deployment);
  if (!chatRequest.ok) return sendJson(exchange, { ...chatRequest.reply, headers });
  if (exchange.knobs.toolArguments !== undefined) chatRequest.request.echo.toolArguments = exchange.knobs.toolArguments;
  if (chatRequest.request.stream) {
    const chunks = buildChatCompletionChunks(chatRequest.request);
    const payloads = azure ? [azurePromptFilterChunk(), ...chunks] : chunks;
    return sendServerSentEvents(
      exchange,
      payloads.map((data) => ({ data })),
      { headers },
    );
  }
  const completion = buildChatCompletion(chatRequest.request);
  return sendJson(exchange, {
    status: 200,
    headers,
    body: azure ? decorateAzureChatCompletion(completion) : completion,
  });
}

/** POST /v1/responses: the Responses API, for accounts with `responses: native`. */
function answerResponses(exchange: SimulatorExchange): Promise<void> {
  const headers = openAIResponseHeaders();
  const parsed = parseJsonBody(exchange.body);
  if (!parsed.ok) return sendJson(exchange, { ...openAIInvalidRequest(invalidJsonMessage), headers });
  const responsesRequest = parseOpenAIResponsesRequest(parsed.value);
  if (!responsesRequest.ok) return sendJson(exchange, { ...responsesRequest.reply, headers });
  const { request } = responsesRequest;
  if (request.stream) return sendServerSentEvents(exchange, buildOpenAIResponseEvents(request), { headers });
  return sendJson(exchange, { status: 200, headers, body: buildOpenAIResponse(request) });
}

async function handleAzure(exchange: SimulatorExchange): Promise<void> {
  const route = exchange.request.method === 'POST' ? matchAzureRoute(exchange.url.pathname) : undefined;
  if (route === undefined) return sendJson(exchange, azureError(404, '404', 'Resource not found'));
  if (route.deployment !== undefined && !exchange.url.searchParams.has('api-version')) {
    return sendJson(exchange, azureError(404, '404', 'Resource not found'));
  }
  return answerOperation(exchange, route.operation, true, route.deployment);
}

async function handleOpenAI(exchange: SimulatorExchange): Promise<void> {
  const { pathname } = exchange.url;
  const method = exchange.request.method ?? 'GET';
  if (method === 'POST' && pathname === '/v1/chat/completions') return answerOperation(exchange, 'chat', false);
  if (method === 'POST' && pathname === '/v1/embeddings') return answerOperation(exchange, 'embeddings', false);
  if (method === 'POST' && pathname === '/v1/responses') return answerResponses(exchange);
  if (method === 'POST' && pathname === '/v1/completions') return answerOperation(exchange, 'completions', false);
  if (method === 'POST' && (pathname === '/v1/moderations' || pathname === '/v1/rerank')) {
    const parsed = parseJsonBody(exchange.body);
    const headers = openAIResponseHeaders();
    if (!parsed.ok) return sendJson(exchange, { ...openAIInvalidRequest(invalidJsonMessage), headers });
    const reply = pathname === '/v1/rerank' ? answerRerank(parsed.value) : answerOpenAIModerations(parsed.value);
    return sendJson(exchange, { ...reply, headers });
  }
  if (await answerPassThrough(exchange)) return;
  const media = MEDIA_OPERATIONS.find((operation) => pathname === `/v1/${operation}`);
  if (method === 'POST' && media !== undefined) return answerOperation(exchange, media, false);
  if (method === 'GET' && pathname === '/v1/models') {
    return sendJson(exchange, {
      status: 200,
      headers: openAIResponseHeaders(),
      body: { object: 'list', data: simulatedModels.map(modelObject) },
    });
  }
  const modelMatch = method === 'GET' ? pathname.match(/^\/v1\/models\/([^/]+)$/) : null;
  if (modelMatch?.[1] !== undefined) {
    return sendJson(exchange, {
      status: 200,
      headers: openAIResponseHeaders(),
      body: modelObject(decodeURIComponent(modelMatch[1])),
    });
  }
  return sendJson(
    exchange,
    openAIError(404, { message: `Invalid URL (${method} ${pathname})`, type: 'invalid_request_error' }),
  );
}

const openAIRoutes: ProviderRoutes = {
  basePath: '/v1',
  authorize(exchange, requiredApiKey): JsonReply | undefined {
    if (isAzure(exchange))
      return azurePresentedKey(exchange) === requiredApiKey ? undefined : azureAuthenticationError();
    const presented = bearerToken(exchange);
    return presented === requiredApiKey ? undefined : openAIAuthenticationError(presented);
  },
  failureReply(exchange, status) {
    return isAzure(exchange) ? azureFailure(status, exchange) : openAIFailure(status, requestedModel(exchange));
  },
  handle(exchange) {
    return isAzure(exchange) ? handleAzure(exchange) : handleOpenAI(exchange);
  },
};

/** Starts an OpenAI + Azure OpenAI simulator; `url` is the OpenAI base (`…/v1`), `origin` the Azure endpoint. */
export function startOpenAISimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator(openAIRoutes, options);
}

/** The same server, with `url` set to the Azure OpenAI endpoint form `http://127.0.0.1:PORT`. */
export function startAzureOpenAISimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ ...openAIRoutes, basePath: '' }, options);
}
