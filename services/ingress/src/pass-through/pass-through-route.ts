import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { GatewayConfig } from '@sluice/config';
import { InvalidRequestError, SluiceError } from '@sluice/errors';
import { authorizeRoute } from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import { type HttpTransport, passThroughTarget } from '@sluice/providers';
import type { CompletionEventPublisher, PlannedTarget } from '@sluice/queues';
import { type PassThroughOutcome, passThroughEvent } from '@sluice/queues';
import { planRoute, requestFactsOf, resolveConfig } from '@sluice/routing';
import type { Request, RequestHandler, Response } from 'express';
import type { AdmitPassThrough } from '../governance/admission/pass-through-admission';
import { virtualKeyOf } from '../governance/request-governance';
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

/** Client headers a passed-through request carries; its credentials are Sluice's, never forwarded. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-encoding',
  'anthropic-beta',
  'anthropic-version',
  'content-encoding',
  'content-length',
  'content-type',
  'idempotency-key',
  'openai-beta',
];
/** Provider response headers that describe the provider's connection, not the answer. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-authenticate',
  'set-cookie',
]);

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

/** Where a passed-through request goes: the first target of its named config, and that account's URL and headers. */
interface Destination {
  target: PlannedTarget;
  url: string;
  headers: Record<string, string>;
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
        const { admissionId } = await dependencies.admit(request, response);
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
          headers: { ...destination.headers, ...forwardedHeaders(request.headers) },
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
 * Applies the key's config permissions (403), resolves the named config and its first target, and that account's
 * URL for the path (400 for an account type without `/v1` paths); records the config and account in the outcome.
 */
function destinationOf(
  request: Request,
  outcome: PassThroughOutcome,
  dependencies: PassThroughDependencies,
): Destination {
  const configName = namedConfig(request) as string;
  const config = dependencies.config();
  const key = virtualKeyOf(request);
  if (key) {
    const model = configName.startsWith('{') ? '' : configName;
    authorizeRoute(key.record, { model, configHeader: configName }, config);
  }
  const resolved = resolveConfig(config, '', configName);
  outcome.configId = resolved.id;
  const [target] = planRoute(resolved.routing, { config, facts: requestFactsOf({}, outcome.context) });
  const account = target && config.providers[target.provider];
  outcome.provider = target?.provider;
  const rest = outcome.path.replace(/^\/v1\/?/i, '');
  const search = request.originalUrl.slice(outcome.path.length);
  const upstream =
    target && account ? passThroughTarget(account, dependencies.providerKey(target.provider), rest, search) : undefined;
  if (!target || !upstream)
    throw new InvalidRequestError(
      `${request.method} ${outcome.path} cannot be passed through to provider "${target?.provider}" ` +
        `(type ${account?.type}): only OpenAI-compatible, Azure OpenAI and Anthropic accounts take /v1 paths.`,
      { code: 'unsupported_endpoint' },
    );
  return { target, url: upstream.url, headers: upstream.headers };
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

function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = headers[name];
    if (value !== undefined) forwarded[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return forwarded;
}

function writeHead(response: Response, status: number, headers: Record<string, string | string[] | undefined>): void {
  response.status(status);
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) response.setHeader(name, value);
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
