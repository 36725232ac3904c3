import type { HashTag } from '@sluice/queues';

/**
 * Every Redis key and channel the governance features use, under one deployment's prefix. On a cluster one key's
 * budget periods (and its settle markers) share one hash tag, and one owner's rate-limit counters another, so each
 * script runs on one slot (docs/redis-cluster.md).
 */
export interface GovernanceKeys {
  /** Pub/sub channel: a message names what changed (`configs`, `prompts`, `virtual-keys`, `provider-keys`). */
  invalidateChannel: string;
  /**
   * Hash of one budget period: `spent`, `reserved` (nano-USD), the alert flags and one `hold:<id>` per reservation;
   * `<key>:hold-expiry` orders the holds by when they lapse unsettled.
   */
  budgetPeriod(virtualKeyId: string, periodId: string): string;
  /** Marks a completion event as already charged to a key's budget, so a redelivery charges nothing twice. */
  budgetSettled(virtualKeyId: string, eventId: string): string;
  /** One sliding-window counter: a sorted set of charges by time; `:amounts` holds what each charged. */
  rateLimitCounter(owner: string, unit: string, windowS: number, scope: string): string;
  /** The counters an admitted request charged an estimate to, settled when it completes. */
  rateLimitHolds(admissionId: string): string;
}

export function createGovernanceKeys(prefix: string, hashTag: HashTag): GovernanceKeys {
  return {
    invalidateChannel: `${prefix}:invalidate`,
    budgetPeriod: (virtualKeyId, periodId) => `${prefix}:${hashTag(`budget:${virtualKeyId}`)}:period:${periodId}`,
    budgetSettled: (virtualKeyId, eventId) => `${prefix}:${hashTag(`budget:${virtualKeyId}`)}:settled:${eventId}`,
    rateLimitCounter: (owner, unit, windowS, scope) =>
      `${prefix}:${hashTag(`ratelimit:${owner}`)}:${unit}:${windowS}:${scope}`,
    rateLimitHolds: (admissionId) => `${prefix}:ratelimit:holds:${admissionId}`,
  };
}
