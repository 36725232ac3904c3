/** Every Redis key and channel the governance features use, under one deployment's prefix. */
export interface GovernanceKeys {
  /** Pub/sub channel: a message names what changed (`configs`, `prompts`, `virtual-keys`, `provider-keys`). */
  invalidateChannel: string;
  /**
   * Hash of one budget period: `spent`, `reserved` (nano-USD), the alert flags and one `hold:<id>` per reservation;
   * `<key>:hold-expiry` orders the holds by when they lapse unsettled.
   */
  budgetPeriod(virtualKeyId: string, periodId: string): string;
  /** Marks a completion event as already charged, so a redelivery charges nothing twice. */
  budgetSettled(eventId: string): string;
  /** One sliding-window counter: a sorted set of charges by time; `:amounts` holds what each charged. */
  rateLimitCounter(owner: string, unit: string, windowS: number, scope: string): string;
  /** The counters an admitted request charged an estimate to, settled when it completes. */
  rateLimitHolds(admissionId: string): string;
}

export function createGovernanceKeys(prefix: string): GovernanceKeys {
  return {
    invalidateChannel: `${prefix}:invalidate`,
    budgetPeriod: (virtualKeyId, periodId) => `${prefix}:budget:${virtualKeyId}:period:${periodId}`,
    budgetSettled: (eventId) => `${prefix}:budget:settled:${eventId}`,
    rateLimitCounter: (owner, unit, windowS, scope) => `${prefix}:ratelimit:${owner}:${unit}:${windowS}:${scope}`,
    rateLimitHolds: (admissionId) => `${prefix}:ratelimit:holds:${admissionId}`,
  };
}
