import { ConsumerRateLimitError } from '../governance-errors';
import type { RequestGovernance } from '../identity/request-identity';
import type {
  AppliedLimit,
  ConsumerRateLimiter,
  RateLimitSubject,
  UsageEstimate,
} from '../limits/consumer-rate-limiter';
import { rateLimitFields, retryAfterSeconds } from '../limits/rate-limit-headers';
import { parseRateLimitPolicies, type RateLimitPolicy } from '../limits/rate-limit-policy';
import type { RequestHeaders } from './admission';

const POLICY_HEADER = 'x-sluice-rate-limit';
const PROPERTY_PREFIX = 'x-sluice-property-';

/** The key's own `rate_limit` policies, then any the request adds in x-sluice-rate-limit (400 when malformed). */
export function policiesOf(headers: RequestHeaders, governance: RequestGovernance): RateLimitPolicy[] {
  const own = governance.principal.kind === 'virtual-key' ? governance.principal.key.policies : [];
  const header = headers[POLICY_HEADER];
  const text = Array.isArray(header) ? header.join(',') : header;
  return text === undefined || text.trim() === '' ? own : [...own, ...parseRateLimitPolicies(text, POLICY_HEADER)];
}

/** Whom the request counts against: its key, its user (x-sluice-user-id or the body's `user`) and its properties. */
export function subjectOf(
  headers: RequestHeaders,
  governance: RequestGovernance,
  body: Record<string, unknown>,
): RateLimitSubject {
  const principal = governance.principal;
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(PROPERTY_PREFIX) && typeof value === 'string')
      properties[name.slice(PROPERTY_PREFIX.length)] = value;
  }
  const userHeader = headers['x-sluice-user-id'];
  return {
    owner: principal.kind === 'virtual-key' ? principal.key.record.id : principal.kind,
    userId:
      (Array.isArray(userHeader) ? userHeader[0] : userHeader) ??
      (typeof body.user === 'string' ? body.user : undefined),
    properties,
  };
}

/**
 * Charges the request to every policy at once and writes the RateLimit-Policy and RateLimit fields; refused, it
 * also writes Retry-After and throws 429 rate_limit_exceeded.
 */
export async function chargeConsumerLimits(
  limiter: ConsumerRateLimiter,
  setHeader: (name: string, value: string) => void,
  charge: { admissionId: string; policies: RateLimitPolicy[]; subject: RateLimitSubject; estimate: UsageEstimate },
): Promise<void> {
  const { allowed, limits } = await limiter.admit(charge.admissionId, charge.policies, charge.subject, charge.estimate);
  const fields = rateLimitFields(limits);
  if (fields) for (const [name, value] of Object.entries(fields)) setHeader(name, value);
  if (allowed) return;
  const retryAfterS = retryAfterSeconds(limits);
  setHeader('retry-after', String(retryAfterS));
  throw new ConsumerRateLimitError(
    `Rate limit reached: ${describe(limits)}; retry after ${retryAfterS} s.`,
    retryAfterS * 1000,
  );
}

function describe(limits: readonly AppliedLimit[]): string {
  const refused = limits.filter((limit) => limit.retryAfterMs !== undefined);
  return (refused.length > 0 ? refused : limits)
    .map(({ policy }) => {
      const scope = policy.scope.kind === 'property' ? `property ${policy.scope.name}` : policy.scope.kind;
      const unit = policy.unit === 'usd' ? 'USD' : `${policy.unit}s`;
      return `${policy.quota} ${unit} per ${policy.windowS} s per ${scope}`;
    })
    .join(', ');
}
