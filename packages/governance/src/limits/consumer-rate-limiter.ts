import { createHash } from 'node:crypto';
import type { RedisClient } from '@sluice/queues';
import { z } from 'zod';
import type { GovernanceKeys } from '../governance-keys';
import type { RateLimitPolicy, RateLimitUnit } from './rate-limit-policy';
import { SlidingWindowLimiter, type WindowCharge } from './sliding-window-limiter';

/** Who a request is counted as: its key (or `open` in development mode), its user and its properties. */
export interface RateLimitSubject {
  owner: string;
  userId: string | undefined;
  properties: Readonly<Record<string, string>>;
}

/** What a request may use, before it runs: the upper bound its token and USD counters are charged with. */
export interface UsageEstimate {
  tokens: number;
  nanoUsd: number;
}

/** A policy as it stood after this request, for the RateLimit response fields. */
export interface AppliedLimit {
  policy: RateLimitPolicy;
  /** In the policy's unit; USD in nano-dollars. */
  quota: number;
  remaining: number;
  resetMs: number;
  /** Set when this policy refused the request. */
  retryAfterMs: number | undefined;
}

const HoldsSchema = z.array(z.object({ counterKey: z.string(), unit: z.enum(['token', 'usd']) }));

const NANO = 1e9;

/** Consumer rate limits (SPEC §5): every applicable policy charged atomically; token and USD estimates settled later. */
export class ConsumerRateLimiter {
  private readonly windows: SlidingWindowLimiter;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: GovernanceKeys,
  ) {
    this.windows = new SlidingWindowLimiter(redis);
  }

  async admit(
    admissionId: string,
    policies: readonly RateLimitPolicy[],
    subject: RateLimitSubject,
    estimate: UsageEstimate,
  ): Promise<{ allowed: boolean; limits: AppliedLimit[] }> {
    if (policies.length === 0) return { allowed: true, limits: [] };
    const counters = new Map<string, WindowCharge & { unit: RateLimitUnit }>();
    const counterOf = policies.map((policy) => {
      const counterKey = this.counterKey(policy, subject);
      const quota = policy.unit === 'usd' ? Math.round(policy.quota * NANO) : policy.quota;
      const existing = counters.get(counterKey);
      if (existing) existing.quota = Math.min(existing.quota, quota);
      else
        counters.set(counterKey, {
          counterKey,
          windowMs: policy.windowS * 1000,
          quota,
          cost: costOf(policy.unit, estimate),
          strict: policy.unit === 'request',
          unit: policy.unit,
        });
      return counterKey;
    });
    const charges = [...counters.values()];
    const { allowed, outcomes } = await this.windows.charge(admissionId, charges);
    const byKey = new Map(charges.map((charge, index) => [charge.counterKey, outcomes[index]]));
    const limits = policies.map((policy, index): AppliedLimit => {
      const outcome = byKey.get(counterOf[index] as string);
      const quota = policy.unit === 'usd' ? Math.round(policy.quota * NANO) : policy.quota;
      const used = outcome?.used ?? 0;
      const refused = !allowed && (outcome?.retryAfterMs ?? 0) > 0;
      return {
        policy,
        quota,
        remaining: Math.max(0, quota - used),
        resetMs: outcome?.resetMs ?? 0,
        retryAfterMs: refused ? outcome?.retryAfterMs : undefined,
      };
    });
    if (allowed) await this.recordHolds(admissionId, charges, policies);
    return { allowed, limits };
  }

  /** Replaces the token and USD estimates an admitted request was charged with what it really used. */
  async settle(admissionId: string, actual: UsageEstimate): Promise<void> {
    const key = this.keys.rateLimitHolds(admissionId);
    const raw = await this.redis.getdel(key);
    if (raw === null) return;
    const holds = HoldsSchema.safeParse(JSON.parse(raw));
    if (!holds.success) return;
    await this.windows.settle(
      admissionId,
      holds.data.map((hold) => ({
        counterKey: hold.counterKey,
        amount: hold.unit === 'token' ? actual.tokens : actual.nanoUsd,
      })),
    );
  }

  private async recordHolds(
    admissionId: string,
    charges: readonly (WindowCharge & { unit: RateLimitUnit })[],
    policies: readonly RateLimitPolicy[],
  ): Promise<void> {
    const holds = charges
      .filter((charge) => charge.unit !== 'request' && charge.cost > 0)
      .map((charge) => ({ counterKey: charge.counterKey, unit: charge.unit }));
    if (holds.length === 0) return;
    const ttlS = Math.max(...policies.map((policy) => policy.windowS)) + 60;
    await this.redis.set(this.keys.rateLimitHolds(admissionId), JSON.stringify(holds), 'EX', ttlS);
  }

  private counterKey(policy: RateLimitPolicy, subject: RateLimitSubject): string {
    const scope =
      policy.scope.kind === 'key'
        ? 'key'
        : policy.scope.kind === 'user'
          ? `user:${digest(subject.userId ?? '')}`
          : `property.${policy.scope.name}:${digest(subject.properties[policy.scope.name] ?? '')}`;
    return this.keys.rateLimitCounter(subject.owner, policy.unit, policy.windowS, scope);
  }
}

function costOf(unit: RateLimitUnit, estimate: UsageEstimate): number {
  if (unit === 'request') return 1;
  return Math.max(0, Math.ceil(unit === 'token' ? estimate.tokens : estimate.nanoUsd));
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}
