import { InvalidRequestError, zodProblems } from '@sluice/errors';
import type { z } from 'zod';
import { type LogExportQuery, LogExportQuerySchema } from './export/log-export-query';
import {
  type LogListQuery,
  LogListQuerySchema,
  type LogSummaryQuery,
  LogSummaryQuerySchema,
} from './log-query-schemas';

/** Validates a reader query, naming each bad field in one InvalidRequestError. */
export function parseQuery<Schema extends z.ZodType>(schema: Schema, input: unknown, subject: string): z.infer<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw InvalidRequestError.fromProblems(subject, zodProblems(parsed.error.issues).map(toHttpName));
}

/**
 * `GET /v1/logs` query parameters (`from, to, model, provider, status, cache, user, property.<name>, limit,
 * cursor`) as a list query; errors name the parameters as the client sent them.
 */
export function parseLogListParams(params: Readonly<Record<string, unknown>>): LogListQuery {
  return parseQuery(LogListQuerySchema, fromHttpParams(params), 'log query');
}

/** `GET /v1/analytics/summary` query parameters (the log filters plus `group_by` and `interval`). */
export function parseLogSummaryParams(params: Readonly<Record<string, unknown>>): LogSummaryQuery {
  return parseQuery(LogSummaryQuerySchema, fromHttpParams(params), 'analytics query');
}

/** `GET /v1/logs/export` query parameters (the log filters plus `format`). */
export function parseLogExportParams(params: Readonly<Record<string, unknown>>): LogExportQuery {
  return parseQuery(LogExportQuerySchema, fromHttpParams(params), 'export query');
}

function fromHttpParams(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name.startsWith('property.')) properties[name.slice('property.'.length)] = value;
    else if (name === 'group_by') query.groupBy = value;
    else query[name] = value;
  }
  query.properties = properties;
  return query;
}

function toHttpName(problem: { path: string; message: string }): { path: string; message: string } {
  const path = problem.path.replace(/^properties\./, 'property.').replace(/^groupBy\b/, 'group_by');
  const message = /expected string, received array/i.test(problem.message) ? 'must be given once' : problem.message;
  return { path, message };
}
