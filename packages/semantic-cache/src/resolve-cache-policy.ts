import { type CacheMode, type CachePolicy, CachePolicySchema } from '@sluice/config';
import { InvalidRequestError } from '@sluice/errors';
import { z } from 'zod';

/** The raw values of the cache request headers (SPEC §5), as received. */
export interface CacheHeaders {
  'x-sluice-cache'?: string | undefined;
  'x-sluice-cache-ttl'?: string | undefined;
  'x-sluice-cache-refresh'?: string | undefined;
}

/** The cache request headers of a request's headers (the first value of each). */
export function cacheHeadersOf(headers: Record<string, string | string[] | undefined>): CacheHeaders {
  const first = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    'x-sluice-cache': first('x-sluice-cache'),
    'x-sluice-cache-ttl': first('x-sluice-cache-ttl'),
    'x-sluice-cache-refresh': first('x-sluice-cache-refresh'),
  };
}

/** What one request does with the cache: the config's policy with the request's headers applied. */
export interface EffectiveCachePolicy {
  mode: CacheMode;
  ttlS: number;
  threshold: number;
  /** Skip the lookup; store the fresh answer. */
  refresh: boolean;
  serveStaleOnError: boolean;
}

// Each package has its own zod instance; schemas are not mixed across them.
const ModeHeaderSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['off', 'exact', 'semantic'] satisfies CacheMode[]));
const TtlHeaderSchema = z
  .string()
  .trim()
  .regex(/^\d+$/, 'expected whole seconds')
  .transform(Number)
  .pipe(z.number().int().positive().max(31_536_000));
const FlagHeaderSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0']));

/** The policy of a config that sets none, parsed once rather than for every request. */
const DEFAULT_POLICY: CachePolicy = CachePolicySchema.parse({});

/** Applies x-sluice-cache, x-sluice-cache-ttl and x-sluice-cache-refresh to a config's cache policy. */
export function resolveCachePolicy(policy: CachePolicy | undefined, headers: CacheHeaders): EffectiveCachePolicy {
  const base = policy ?? DEFAULT_POLICY;
  const mode = parseHeader('x-sluice-cache', ModeHeaderSchema, headers['x-sluice-cache'], 'off, exact or semantic');
  const ttlS = parseHeader(
    'x-sluice-cache-ttl',
    TtlHeaderSchema,
    headers['x-sluice-cache-ttl'],
    'a whole number of seconds, 1 to 31536000',
  );
  const refresh = parseHeader(
    'x-sluice-cache-refresh',
    FlagHeaderSchema,
    headers['x-sluice-cache-refresh'],
    'true or false',
  );
  return {
    mode: mode ?? base.mode,
    ttlS: ttlS ?? base.ttl_s,
    threshold: base.threshold,
    refresh: refresh === 'true' || refresh === '1',
    serveStaleOnError: base.serve_stale_on_error,
  };
}

function parseHeader<T>(
  name: string,
  schema: z.ZodType<T, string>,
  value: string | undefined,
  expected: string,
): T | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InvalidRequestError(`Header ${name} must be ${expected}; got ${JSON.stringify(value.slice(0, 40))}.`, {
    param: name,
    code: 'invalid_header',
  });
}
