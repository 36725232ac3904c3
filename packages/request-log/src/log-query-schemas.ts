import { z } from 'zod';

const DATE_MESSAGE = 'must be an ISO 8601 date or date-time, such as 2026-01-31 or 2026-01-31T12:00:00Z';
const timestamp = z.union([z.date(), z.string().min(1)]).pipe(z.coerce.date({ error: DATE_MESSAGE }));

export const LOG_STATUSES = ['success', 'error', 'cached', 'cancelled'] as const;
/** `hit` matches either kind of cache hit. */
export const LOG_CACHE_FILTERS = ['hit', 'hit-exact', 'hit-semantic', 'miss', 'off'] as const;

/** Filters shared by the log list and the analytics summary. `from` is inclusive, `to` exclusive. */
export const LogFiltersSchema = z.strictObject({
  from: timestamp.optional(),
  to: timestamp.optional(),
  /** Matches the served model or the requested model (an alias or config name). */
  model: z.string().min(1).optional(),
  provider: z.string().min(1).optional(),
  status: z.enum(LOG_STATUSES).optional(),
  cache: z.enum(LOG_CACHE_FILTERS).optional(),
  user: z.string().min(1).optional(),
  /** One session's requests (`x-sluice-session-id`). */
  session: z.string().min(1).optional(),
  /** Custom properties that must all match: `{ team: 'search' }`. */
  properties: z.record(z.string().min(1), z.string()).default({}),
});
export type LogFilters = z.infer<typeof LogFiltersSchema>;

export const LogListQuerySchema = LogFiltersSchema.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  /** The `next_cursor` of the previous page. */
  cursor: z.string().min(1).optional(),
  /**
   * Words the request or response body contains (full-text, web-search syntax: `"a phrase"`, `or`, `-word`;
   * docs/request-log.md).
   */
  search: z.string().trim().min(1).max(500).optional(),
}).refine((query) => !query.from || !query.to || query.from < query.to, {
  message: 'must be earlier than to',
  path: ['from'],
});
export type LogListQuery = z.infer<typeof LogListQuerySchema>;
export type LogListQueryInput = z.input<typeof LogListQuerySchema>;

export const SummaryGroupBySchema = z.union([
  z.enum(['model', 'provider', 'user', 'session']),
  z.templateLiteral(['property.', z.string().min(1)]),
]);
export type SummaryGroupBy = z.infer<typeof SummaryGroupBySchema>;

/** Groups a grouped summary keeps when the query names no `limit`; the rest add up into one "other" row per bucket. */
export const DEFAULT_SUMMARY_GROUPS = 20;
export const MAX_SUMMARY_GROUPS = 1_000;

export const LogSummaryQuerySchema = LogFiltersSchema.extend({
  groupBy: SummaryGroupBySchema.optional(),
  interval: z.enum(['minute', 'hour', 'day']).default('day'),
  /** With groupBy: the groups kept, those with the most requests in the window (docs/request-log.md). */
  limit: z.coerce.number().int().min(1).max(MAX_SUMMARY_GROUPS).default(DEFAULT_SUMMARY_GROUPS),
}).refine((query) => !query.from || !query.to || query.from < query.to, {
  message: 'must be earlier than to',
  path: ['from'],
});
export type LogSummaryQuery = z.infer<typeof LogSummaryQuerySchema>;
export type LogSummaryQueryInput = z.input<typeof LogSummaryQuerySchema>;
