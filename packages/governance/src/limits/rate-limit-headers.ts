import type { AppliedLimit } from './consumer-rate-limiter';

/** Quota units as the RateLimit fields state them; USD is counted in micro-dollars, since `q` is an integer. */
const QUOTA_UNIT = { request: 'request', token: 'token', usd: 'usd-micro' } as const;

export interface RateLimitFields {
  'RateLimit-Policy': string;
  RateLimit: string;
}

/**
 * The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy: "name";q=..;w=..;qu=..` and
 * `RateLimit: "name";r=..;t=..` for every policy applied, as Structured Field lists.
 */
export function rateLimitFields(limits: readonly AppliedLimit[]): RateLimitFields | undefined {
  if (limits.length === 0) return undefined;
  const names = policyNames(limits);
  return {
    'RateLimit-Policy': limits
      .map(
        (limit, index) =>
          `"${names[index]}";q=${inUnit(limit, limit.quota)};w=${limit.policy.windowS};qu="${QUOTA_UNIT[limit.policy.unit]}"`,
      )
      .join(', '),
    RateLimit: limits
      .map(
        (limit, index) => `"${names[index]}";r=${inUnit(limit, limit.remaining)};t=${Math.ceil(limit.resetMs / 1000)}`,
      )
      .join(', '),
  };
}

/** Seconds a refused client should wait: the longest wait among the policies that refused it, at least 1. */
export function retryAfterSeconds(limits: readonly AppliedLimit[]): number {
  const waits = limits.map((limit) => limit.retryAfterMs ?? 0);
  return Math.max(1, Math.ceil(Math.max(0, ...waits) / 1000));
}

function inUnit(limit: AppliedLimit, amount: number): number {
  return limit.policy.unit === 'usd' ? Math.floor(amount / 1000) : Math.floor(amount);
}

function policyNames(limits: readonly AppliedLimit[]): string[] {
  const seen = new Map<string, number>();
  return limits.map(({ policy }) => {
    const scope = policy.scope.kind === 'property' ? `property.${policy.scope.name}` : policy.scope.kind;
    const base = `${scope}-${policy.unit}-${policy.windowS}s`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  });
}
