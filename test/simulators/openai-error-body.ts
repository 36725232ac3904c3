/**
 * OpenAI and Azure OpenAI error replies.
 * OpenAI: `{"error": {"message", "type", "param", "code"}}`.
 * Azure's own front door (auth, throttling, routing) answers `{"error": {"code", "message"}}`
 * with a string code; request validation errors pass through in the OpenAI shape.
 */

import { randomId } from './echo-answer';
import { headerValue, type JsonReply, type SimulatorExchange } from './simulator-exchange';

export interface OpenAIErrorFields {
  message: string;
  type: string;
  param?: string | null;
  code?: string | null;
}

export function openAIResponseHeaders(): Record<string, string> {
  return {
    'x-request-id': randomId('req_', 32),
    'openai-version': '2020-10-01',
    'openai-processing-ms': '1',
  };
}

export function openAIError(status: number, fields: OpenAIErrorFields): JsonReply {
  return {
    status,
    headers: openAIResponseHeaders(),
    body: {
      error: { message: fields.message, type: fields.type, param: fields.param ?? null, code: fields.code ?? null },
    },
  };
}

export function openAIInvalidRequest(
  message: string,
  param: string | null = null,
  code: string | null = null,
): JsonReply {
  return openAIError(400, { message, type: 'invalid_request_error', param, code });
}

/** OpenAI's answer to a scripted failure status. */
export function openAIFailure(status: number, model: string): JsonReply {
  switch (status) {
    case 400:
      return openAIInvalidRequest('Simulated invalid request.');
    case 401:
      return openAIError(401, {
        message: 'Incorrect API key provided.',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      });
    case 403:
      return openAIError(403, {
        message: 'Country, region, or territory not supported',
        type: 'request_forbidden',
        code: 'unsupported_country_region_territory',
      });
    case 404:
      return openAIError(404, {
        message: `The model \`${model}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        code: 'model_not_found',
      });
    case 429:
      return openAIError(429, {
        message: `Rate limit reached for ${model} on requests per min (RPM): Limit 1, Used 1, Requested 1. Please try again in 1s.`,
        type: 'requests',
        code: 'rate_limit_exceeded',
      });
    case 503:
      return openAIError(503, { message: 'The server is overloaded or not ready yet.', type: 'server_error' });
    default:
      return openAIError(status, {
        message: 'The server had an error while processing your request. Sorry about that!',
        type: 'server_error',
      });
  }
}

/** 401 when the key is missing or wrong; OpenAI reads `Authorization: Bearer <key>`. */
export function openAIAuthenticationError(presentedKey: string | undefined): JsonReply {
  if (presentedKey === undefined || presentedKey === '') {
    return openAIError(401, {
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      type: 'invalid_request_error',
    });
  }
  const shown = presentedKey.length > 8 ? `${presentedKey.slice(0, 3)}*****${presentedKey.slice(-4)}` : '*****';
  return openAIError(401, {
    message: `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    type: 'invalid_request_error',
    code: 'invalid_api_key',
  });
}

export function azureResponseHeaders(): Record<string, string> {
  return { 'apim-request-id': randomId('', 32), 'x-request-id': randomId('', 32), 'x-ms-region': 'Simulated Region' };
}

export function azureError(status: number, code: string, message: string): JsonReply {
  return { status, headers: azureResponseHeaders(), body: { error: { code, message } } };
}

export function azureFailure(status: number, exchange: SimulatorExchange): JsonReply {
  const apiVersion = exchange.url.searchParams.get('api-version') ?? 'v1';
  switch (status) {
    case 401:
      return azureAuthenticationError();
    case 404:
      return azureError(
        404,
        'DeploymentNotFound',
        'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
      );
    case 429:
      return azureError(
        429,
        '429',
        `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${apiVersion} have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second.`,
      );
    case 400:
      return { ...openAIInvalidRequest('Simulated invalid request.'), headers: azureResponseHeaders() };
    default:
      return azureError(
        status,
        status >= 500 ? 'InternalServerError' : String(status),
        'The server had an error while processing your request.',
      );
  }
}

export function azureAuthenticationError(): JsonReply {
  return azureError(
    401,
    '401',
    'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
  );
}

/** Azure accepts the key in `api-key` (or a bearer token in `Authorization`). */
export function azurePresentedKey(exchange: SimulatorExchange): string | undefined {
  const apiKey = headerValue(exchange, 'api-key');
  if (apiKey !== undefined) return apiKey;
  return headerValue(exchange, 'authorization')?.replace(/^Bearer\s+/i, '');
}
