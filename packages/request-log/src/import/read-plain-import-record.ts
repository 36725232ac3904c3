import { CompletionEventSchema } from '@sluice/queues';
import { COUNT_COLUMNS } from '../request-log-columns-sql';
import type { LogImportRecord } from './log-import-record';

type Fields = Record<string, unknown>;

const MODES: ReadonlySet<unknown> = new Set(CompletionEventSchema.shape.mode.options);
const ENDPOINTS: ReadonlySet<unknown> = new Set(CompletionEventSchema.shape.endpoint.options);
const STATUSES: ReadonlySet<unknown> = new Set(CompletionEventSchema.shape.status.options);
const CACHES: ReadonlySet<unknown> = new Set(CompletionEventSchema.shape.cache.unwrap().options);
/** A created_at as the log stores and exports it: UTC, to the millisecond. */
const CANONICAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const ATTEMPT_KEYS: ReadonlySet<string> = new Set(['provider', 'model', 'status', 'latency_ms', 'error']);

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown) => value === undefined || (Number.isSafeInteger(value) && (value as number) >= 0);
const isDuration = (value: unknown) => typeof value === 'number' && value >= 0;
const isNullableText = (value: unknown) => value === undefined || value === null || typeof value === 'string';
const isNullableInteger = (value: unknown) => value === undefined || value === null || Number.isSafeInteger(value);
const isNullableDuration = (value: unknown) => value === undefined || value === null || isDuration(value);
const isCost = (value: unknown) => value === undefined || isDuration(value);

/**
 * A record of the common shape — as Sluice exports it: a canonical created_at, numeric attempt statuses, no media
 * usage — checked by hand and read as LogImportRecordSchema would read it: a zod parse cost ~6 µs of an import's
 * ~50 µs of Node a record. Undefined for anything else, which the schema then judges, so an odd record is read, or
 * refused with the schema's own problems, as before.
 */
export function readPlainImportRecord(json: unknown): LogImportRecord | undefined {
  if (!isFields(json) || json.media_usage !== undefined) return undefined;
  const { id, created_at, mode, endpoint, requested_model, status, http_status, cache } = json;
  if (typeof id !== 'string' || typeof requested_model !== 'string') return undefined;
  if (!isCanonicalTime(created_at) || !MODES.has(mode) || !STATUSES.has(status)) return undefined;
  if (!(endpoint === undefined || ENDPOINTS.has(endpoint)) || !(cache === undefined || CACHES.has(cache)))
    return undefined;
  if (!(http_status === undefined || Number.isSafeInteger(http_status))) return undefined;
  if (!isDuration(json.latency_ms) || !isNullableDuration(json.ttft_ms) || !isNullableDuration(json.queue_wait_ms))
    return undefined;
  for (const key of NULLABLE_TEXT) if (!isNullableText(json[key])) return undefined;
  for (const key of COUNT_COLUMNS) if (!isCount(json[key])) return undefined;
  if (!isNullableInteger(json.config_version) || !isNullableInteger(json.prompt_version)) return undefined;
  if (!(json.cache_score === undefined || json.cache_score === null || typeof json.cache_score === 'number'))
    return undefined;
  if (!isCost(json.cost_usd) || !isCost(json.saved_usd)) return undefined;
  if (!isOptionalBoolean(json.priced) || !isOptionalBoolean(json.usage_estimated)) return undefined;
  const { attempts, properties, metadata } = json;
  if (!(attempts === undefined || (Array.isArray(attempts) && attempts.every(isPlainAttempt)))) return undefined;
  if (!(properties === undefined || (isRecord(properties) && Object.values(properties).every(isText))))
    return undefined;
  if (!(metadata === undefined || isRecord(metadata))) return undefined;
  const record: Fields = {
    id,
    created_at,
    mode,
    job_id: json.job_id ?? null,
    batch_id: json.batch_id ?? null,
    virtual_key_id: json.virtual_key_id ?? null,
    config_id: json.config_id ?? null,
    config_version: json.config_version ?? null,
    endpoint: endpoint ?? 'chat',
    requested_model,
    served_model: json.served_model ?? null,
    provider: json.provider ?? null,
    status,
    http_status: http_status ?? 200,
    error: json.error ?? null,
    attempts: attempts ?? [],
    prompt_tokens: json.prompt_tokens ?? 0,
    completion_tokens: json.completion_tokens ?? 0,
    cached_tokens: json.cached_tokens ?? 0,
    cache_write_tokens: json.cache_write_tokens ?? 0,
    reasoning_tokens: json.reasoning_tokens ?? 0,
    search_units: json.search_units ?? 0,
    latency_ms: json.latency_ms,
    ttft_ms: json.ttft_ms ?? null,
    queue_wait_ms: json.queue_wait_ms ?? null,
    cache: cache ?? 'off',
    cache_score: json.cache_score ?? null,
    properties: properties ?? {},
    metadata: metadata ?? {},
    user_id: json.user_id ?? null,
    session_id: json.session_id ?? null,
    trace_id: json.trace_id ?? null,
    prompt_id: json.prompt_id ?? null,
    prompt_version: json.prompt_version ?? null,
    ip: json.ip ?? null,
    usage_estimated: json.usage_estimated ?? false,
  };
  for (const key of OPTIONAL) if (json[key] !== undefined) record[key] = json[key];
  return record as LogImportRecord;
}

const NULLABLE_TEXT = [
  'job_id',
  'batch_id',
  'virtual_key_id',
  'config_id',
  'served_model',
  'provider',
  'error',
  'user_id',
  'session_id',
  'trace_id',
  'prompt_id',
  'ip',
] as const;
/** Kept only when the record has them (the schema's optional fields). */
const OPTIONAL = ['cost_usd', 'saved_usd', 'priced', 'request_body', 'response_body', 'translated_request_body'];

function isText(value: unknown): boolean {
  return typeof value === 'string';
}

function isOptionalBoolean(value: unknown): boolean {
  return value === undefined || typeof value === 'boolean';
}

/** UTC to the millisecond, and a real instant (the schema refuses February 30th). */
function isCanonicalTime(value: unknown): value is string {
  if (typeof value !== 'string' || !CANONICAL_TIME.test(value)) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}

/** A JSON object the schema's records copy as they are (it leaves out a `__proto__` key). */
function isRecord(value: unknown): value is Fields {
  return isFields(value) && !Object.hasOwn(value, '__proto__');
}

/** An attempt with a numeric status and no other fields than the schema's. */
function isPlainAttempt(value: unknown): boolean {
  if (!isFields(value)) return false;
  for (const key in value) if (!ATTEMPT_KEYS.has(key)) return false;
  const { provider, model, status, latency_ms, error } = value;
  return (
    typeof provider === 'string' &&
    typeof model === 'string' &&
    Number.isSafeInteger(status) &&
    isDuration(latency_ms) &&
    (error === undefined || typeof error === 'string')
  );
}
