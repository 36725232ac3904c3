import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { GatewayConfig } from '@sluice/config';
import { SluiceError } from '@sluice/errors';
import { type AdmitPassThrough, authorizeRoute, governanceOf, virtualKeyOf } from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import { forwardedRequestHeaders, type HttpTransport, relayedResponseHeaders } from '@sluice/providers';
import type { CompletionEventPublisher } from '@sluice/queues';
import { type PassThroughOutcome, passThroughEvent } from '@sluice/queues';
import { type PassThroughDestination, planPassThrough } from '@sluice/routing';
import type { Request, RequestHandler, Response } from 'express';
import { readRequestContext } from '../read-request-context';
import { receivedAtOf } from '../received-at';
import { isSluiceOwnPath } from './sluice-own-paths';

export interface PassThroughDependencies {
  config: () => GatewayConfig;
  transport: HttpTransport;
  /** An account's key from the config file (the workers' stored keys are not read by the ingress). */
  providerKey: (providerId: string) => string | undefined;
  events: Pick<CompletionEventPublisher, 'publish'>;
  logger: Logger;
  /** Consumer limits and the budget, run once a request is known to be passed through (absent: no governance). */
  admit?: AdmitPassThrough;
  now?: () => number;
}

/**
 * Any other `/v1/*` path (docs/http-api.md) is passed through to the account that the config named by
 * `x-sluice-config` (or the key's default config) routes to first: method, path, query and body as they came, the
 * provider's status, headers and body back, both bodies streamed. Paths of Sluice's own API, and requests that name
 * no config, move on (to the 404). Each exchange is logged with its method, path, status and latency.
 */
export function passThroughRoute(dependencies: PassThroughDependencies): RequestHandler {
  const forward = forwardRequest(dependencies);
  return (request, response, next) => {
    const rest = pathOf(request).replace(/^\/v1\/?/i, '');
    if (isSluiceOwnPath(rest) || namedConfig(request) === undefined) return next();
    return forward(request, response, next);
  };
}

function pathOf(request: Request): string {
  const queryAt = request.originalUrl.indexOf('?');
  return queryAt === -1 ? request.originalUrl : request.originalUrl.slice(0, queryAt);
}

function forwardRequest(dependencies: PassThroughDependencies): RequestHandler {
  const now = dependencies.now ?? Date.now;
  return async (request, response) => {
    const context = readRequestContext(request, '');
    const outcome: PassThroughOutcome = {
      requestId: `req_${randomUUID().replaceAll('-', '')}`,
      receivedAt: receivedAtOf(request) ?? now(),
      completedAt: 0,
      context,
      configId: undefined,
      provider: undefined,
      method: request.method,
      path: pathOf(request),
      status: 0,
      error: undefined,
      attempted: false,
      upstreamLatencyMs: 0,
    };
    response.setHeader('x-sluice-request-id', outcome.requestId);
    const abort = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    try {
      if (dependencies.admit) {
        const { admissionId } = await dependencies.admit({
          governance: governanceOf(request),
          headers: request.headers,
          setHeader: (name, value) => {
            response.setHeader(name, value);
          },
        });
        outcome.context = { ...context, admissionId };
      }
      const destination = destinationOf(request, outcome, dependencies);
      response.setHeader('x-sluice-provider', destination.target.provider);
      const startedAt = now();
      outcome.attempted = true;
      const upstream = await dependencies.transport.relay(
        {
          method: request.method,
          url: destination.url,
          headers: { ...destination.headers, ...forwardedRequestHeaders(request.headers) },
          body: hasBody(request) ? request : undefined,
        },
        { signal: abort.signal, headersTimeoutMs: destination.target.timeoutMs },
      );
      outcome.upstreamLatencyMs = now() - startedAt;
      outcome.status = upstream.status;
      writeHead(response, upstream.status, upstream.headers);
      await pipeline(upstream.body, response);
    } catch (error) {
      outcome.status ||= error instanceof SluiceError ? error.status : 502;
      outcome.error = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) throw error;
      response.destroy();
    } finally {
      outcome.completedAt = now();
      publish(dependencies, outcome);
    }
  };
}

/**
 * Applies the key's config permissions (403) and plans the request (planPassThrough: 400 for an account type without
 * `/v1` paths); records the config and account in the outcome.
 */
function destinationOf(
  request: Request,
  outcome: PassThroughOutcome,
  dependencies: PassThroughDependencies,
): PassThroughDestination {
  const configName = namedConfig(request) as string;
  const config = dependencies.config();
  const key = virtualKeyOf(request);
  if (key) {
    const model = configName.startsWith('{') ? '' : configName;
    authorizeRoute(key.record, { model, configHeader: configName }, config);
  }
  const search = request.originalUrl.slice(outcome.path.length);
  const plan = planPassThrough(
    { configName, method: request.method, path: outcome.path, search, context: outcome.context },
    config,
    dependencies.providerKey,
  );
  outcome.configId = plan.configId;
  outcome.provider = plan.provider;
  if (!plan.ok) throw plan.error;
  return plan.destination;
}

/** The config a request names: its `x-sluice-config` header, else its virtual key's default config. */
function namedConfig(request: Request): string | undefined {
  const header = request.headers['x-sluice-config'];
  const named = (Array.isArray(header) ? header[0] : header)?.trim();
  if (named) return named;
  return virtualKeyOf(request)?.record.config ?? undefined;
}

function hasBody(request: Request): boolean {
  return request.headers['content-length'] !== undefined
    ? request.headers['content-length'] !== '0'
    : request.headers['transfer-encoding'] !== undefined;
}

function writeHead(response: Response, status: number, headers: Record<string, string | string[] | undefined>): void {
  response.status(status);
  for (const [name, value] of relayedResponseHeaders(headers)) response.setHeader(name, value);
  response.flushHeaders();
}

function publish(dependencies: PassThroughDependencies, outcome: PassThroughOutcome): void {
  const warn = (error: unknown) =>
    dependencies.logger.warn({ err: error, requestId: outcome.requestId }, 'could not log a passed-through request');
  try {
    dependencies.events.publish(passThroughEvent(outcome)).catch(warn);
  } catch (error) {
    warn(error);
  }
}
