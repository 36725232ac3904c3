/**
 * Gemini (Generative Language API) simulator. `url` = `http://127.0.0.1:PORT`;
 * requests go to `/v1beta/...` (or `/v1/...`). Key in `x-goog-api-key` or `?key=`.
 *   POST /v1beta/models/{model}:generateContent
 *   POST /v1beta/models/{model}:streamGenerateContent[?alt=sse]  (SSE with CRLF framing; without alt=sse a streamed JSON array)
 *   POST /v1beta/models/{model}:embedContent, :batchEmbedContents, :countTokens
 *   GET  /v1beta/models, GET /v1beta/models/{model}
 */
import { answerGeminiBatchEmbedContents, answerGeminiEmbedContent } from './gemini-embeddings';
import { geminiAuthenticationError, geminiError, geminiFailure, geminiInvalidArgument } from './gemini-error-body';
import { buildGenerateContentResponse, buildStreamGenerateContentChunks } from './gemini-generate-content';
import { parseGeminiGenerateRequest } from './gemini-request';
import { sendFrameStream, sendServerSentEvents } from './send-event-stream';
import { headerValue, parseJsonBody, type SimulatorExchange, sendJson } from './simulator-exchange';
import {
  type ProviderRoutes,
  type RunningSimulator,
  type StartSimulatorOptions,
  startSimulator,
} from './start-simulator';

const simulatedModels = [
  'gemini-2.5-flash',
  'gemini-2.5-pro',
  'gemini-2.0-flash',
  'text-embedding-004',
  'gemini-embedding-001',
];

function modelResource(model: string) {
  const embedding = model.includes('embedding');
  return {
    name: `models/${model}`,
    version: '001',
    displayName: model,
    inputTokenLimit: embedding ? 2048 : 1_048_576,
    outputTokenLimit: embedding ? 1 : 65_536,
    supportedGenerationMethods: embedding ? ['embedContent', 'batchEmbedContents'] : ['generateContent', 'countTokens'],
  };
}

async function answerGenerate(
  exchange: SimulatorExchange,
  model: string,
  body: unknown,
  stream: boolean,
): Promise<void> {
  const generateRequest = parseGeminiGenerateRequest(body);
  if (!generateRequest.ok) return sendJson(exchange, generateRequest.reply);
  if (!stream)
    return sendJson(exchange, { status: 200, body: buildGenerateContentResponse(model, generateRequest.echo) });
  const chunks = buildStreamGenerateContentChunks(model, generateRequest.echo);
  if (exchange.url.searchParams.get('alt') === 'sse') {
    return sendServerSentEvents(
      exchange,
      chunks.map((chunk) => ({ data: JSON.stringify(chunk) })),
      { lineEnding: '\r\n' },
    );
  }
  const frames = chunks.map((chunk, index) => `${index === 0 ? '[' : '\r\n,'}${JSON.stringify(chunk)}`);
  return sendFrameStream(exchange, [...frames, ']'], { contentType: 'application/json; charset=UTF-8' });
}

async function answerModelAction(exchange: SimulatorExchange, model: string, action: string): Promise<void> {
  const parsed = parseJsonBody(exchange.body);
  if (!parsed.ok) return sendJson(exchange, geminiInvalidArgument(`Invalid JSON payload received. ${parsed.message}`));
  switch (action) {
    case 'generateContent':
      return answerGenerate(exchange, model, parsed.value, false);
    case 'streamGenerateContent':
      return answerGenerate(exchange, model, parsed.value, true);
    case 'embedContent':
      return sendJson(exchange, answerGeminiEmbedContent(parsed.value));
    case 'batchEmbedContents':
      return sendJson(exchange, answerGeminiBatchEmbedContents(parsed.value));
    case 'countTokens': {
      const countRequest = parseGeminiGenerateRequest(parsed.value);
      if (!countRequest.ok) return sendJson(exchange, countRequest.reply);
      const totalTokens = Math.ceil(countRequest.echo.promptCharacters / 4);
      return sendJson(exchange, {
        status: 200,
        body: { totalTokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: totalTokens }] },
      });
    }
    default:
      return sendJson(exchange, geminiError(404, `Method not found: ${action}`));
  }
}

async function handleGemini(exchange: SimulatorExchange): Promise<void> {
  const pathname = decodeURIComponent(exchange.url.pathname);
  const method = exchange.request.method ?? 'GET';
  const actionMatch = method === 'POST' ? pathname.match(/^\/(?:v1|v1beta)\/models\/([^/:]+):([A-Za-z]+)$/) : null;
  if (actionMatch?.[1] !== undefined && actionMatch[2] !== undefined)
    return answerModelAction(exchange, actionMatch[1], actionMatch[2]);
  if (method === 'GET' && /^\/(?:v1|v1beta)\/models$/.test(pathname)) {
    return sendJson(exchange, { status: 200, body: { models: simulatedModels.map(modelResource) } });
  }
  const modelMatch = method === 'GET' ? pathname.match(/^\/(?:v1|v1beta)\/models\/([^/:]+)$/) : null;
  if (modelMatch?.[1] !== undefined) return sendJson(exchange, { status: 200, body: modelResource(modelMatch[1]) });
  return sendJson(exchange, geminiError(404, `The requested URL ${pathname} was not found on this server.`));
}

const geminiRoutes: ProviderRoutes = {
  basePath: '',
  authorize(exchange, requiredApiKey) {
    const presented = headerValue(exchange, 'x-goog-api-key') ?? exchange.url.searchParams.get('key') ?? undefined;
    return presented === requiredApiKey ? undefined : geminiAuthenticationError(presented);
  },
  failureReply: (exchange, status) => geminiFailure(status, exchange.knobs.retryAfterS),
  handle: handleGemini,
};

export function startGeminiSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator(geminiRoutes, options);
}
