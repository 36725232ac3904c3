import { type FieldProblem, InvalidRequestError, zodProblems } from '@sluice/errors';
import { z } from 'zod';

export const RATE_LIMIT_UNITS = ['request', 'token', 'usd'] as const;
export type RateLimitUnit = (typeof RATE_LIMIT_UNITS)[number];

export type RateLimitScope = { kind: 'key' } | { kind: 'user' } | { kind: 'property'; name: string };

/** One consumer limit: QUOTA units per sliding window of WINDOW seconds, counted per key, user or property value. */
export interface RateLimitPolicy {
  quota: number;
  windowS: number;
  unit: RateLimitUnit;
  scope: RateLimitScope;
}

const MAX_POLICIES = 8;
const MAX_WINDOW_S = 31 * 24 * 3600;
const PROPERTY_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const PolicySchema = z
  .strictObject({
    quota: z.coerce.number({ error: 'the quota must be a number' }).positive('the quota must be positive').max(1e12),
    w: z.coerce
      .number({ error: 'w must be a number of seconds' })
      .int('w must be whole seconds')
      .min(1)
      .max(MAX_WINDOW_S)
      .default(60),
    u: z.enum(RATE_LIMIT_UNITS, { error: 'u must be request, token or usd' }).default('request'),
    s: z
      .string()
      .refine(
        (scope) =>
          scope === 'key' ||
          scope === 'user' ||
          (scope.startsWith('property.') && PROPERTY_NAME.test(scope.slice(9).toLowerCase())),
        {
          message: 's must be key, user or property.NAME',
        },
      )
      .default('key'),
  })
  .refine((policy) => policy.u === 'usd' || Number.isInteger(policy.quota), {
    message: 'a request or token quota must be a whole number',
    path: ['quota'],
  });

/**
 * Parses `QUOTA;w=WINDOW_S;u=request|token|usd;s=key|user|property.NAME` (SPEC §5); several policies may be given,
 * separated by commas. Every problem is reported against `field` (the header or setting it came from).
 */
export function parseRateLimitPolicies(text: string, field: string): RateLimitPolicy[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) throw problem(field, [{ path: '', message: 'no policy given' }]);
  if (parts.length > MAX_POLICIES) throw problem(field, [{ path: '', message: `at most ${MAX_POLICIES} policies` }]);
  return parts.map((part, index) => parsePolicy(part, parts.length > 1 ? `${field}.${index}` : field));
}

function parsePolicy(text: string, field: string): RateLimitPolicy {
  const [quota, ...parameters] = text.split(';').map((piece) => piece.trim());
  const document: Record<string, string> = { quota: quota ?? '' };
  for (const parameter of parameters) {
    const equals = parameter.indexOf('=');
    const name = equals < 0 ? parameter : parameter.slice(0, equals).trim();
    if (name in document) throw problem(field, [{ path: name, message: 'given twice' }]);
    document[name] = equals < 0 ? '' : parameter.slice(equals + 1).trim();
  }
  if (document.quota === '') throw problem(field, [{ path: 'quota', message: 'the policy must start with a quota' }]);
  const parsed = PolicySchema.safeParse(document);
  if (!parsed.success) throw problem(field, zodProblems(parsed.error.issues));
  const { quota: amount, w, u, s } = parsed.data;
  return { quota: amount, windowS: w, unit: u, scope: scopeOf(s) };
}

function scopeOf(scope: string): RateLimitScope {
  if (scope === 'key' || scope === 'user') return { kind: scope };
  return { kind: 'property', name: scope.slice('property.'.length).toLowerCase() };
}

/** The canonical text of a policy, as the admin API shows it. */
export function formatRateLimitPolicy(policy: RateLimitPolicy): string {
  const scope = policy.scope.kind === 'property' ? `property.${policy.scope.name}` : policy.scope.kind;
  return `${policy.quota};w=${policy.windowS};u=${policy.unit};s=${scope}`;
}

function problem(field: string, problems: FieldProblem[]): InvalidRequestError {
  const named = problems.map((item) => ({
    path: item.path === '' ? field : `${field}.${item.path}`,
    message: item.message,
  }));
  const error = InvalidRequestError.fromProblems('rate limit policy', named);
  return new InvalidRequestError(
    `${error.message}. Expected QUOTA;w=WINDOW_S;u=request|token|usd;s=key|user|property.NAME, e.g. 100;w=60;u=request;s=user`,
    { param: field, code: 'invalid_rate_limit_policy', problems: named },
  );
}
