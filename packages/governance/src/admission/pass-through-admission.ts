import type { BudgetLedger } from '../budgets/budget-ledger';
import type { RequestGovernance } from '../identity/request-identity';
import type { ConsumerRateLimiter, UsageEstimate } from '../limits/consumer-rate-limiter';
import type { RequestHeaders } from './admission';
import { holdBudget } from './budget-hold';
import { chargeConsumerLimits, policiesOf, subjectOf } from './consumer-limits';

export interface PassThroughAdmissionDependencies {
  limiter: ConsumerRateLimiter;
  ledger: BudgetLedger;
  /** How long a hold lives unsettled (the sync request deadline and some). */
  holdTtlMs: number;
}

const NOTHING: UsageEstimate = { tokens: 0, nanoUsd: 0 };

/** What admission settled for a passed-through request, handed back to its route for the request log. */
export interface PassThroughAdmission {
  /** The holds' id, when the request holds anything (rate-limit charges, a budget hold) its completion settles. */
  admissionId: string | undefined;
}

/** A passed-through request to admit: who sent it, its headers, and where its RateLimit fields go. */
export interface PassThroughToAdmit {
  governance: RequestGovernance | undefined;
  headers: RequestHeaders;
  setHeader(name: string, value: string): void;
}

/** Admits a passed-through request, or throws the refusal (429, 402). */
export type AdmitPassThrough = (request: PassThroughToAdmit) => Promise<PassThroughAdmission>;

/**
 * Admits a passed-through `/v1/*` request (docs/http-api.md) after authentication: charges it to the key's and the
 * request's rate limits as one request, and refuses it (402) when the key's budget is spent. Its cost is not known,
 * so it reserves none; its completion event settles the holds.
 */
export function passThroughAdmission(dependencies: PassThroughAdmissionDependencies): AdmitPassThrough {
  return async ({ governance, headers, setHeader }) => {
    if (!governance) return { admissionId: undefined };
    const principal = governance.principal;
    const policies = policiesOf(headers, governance);
    const budget = principal.kind === 'virtual-key' ? principal.key.record.budget : null;
    if (policies.length === 0 && budget === null) return { admissionId: undefined };
    const { admissionId } = governance;
    await chargeConsumerLimits(dependencies.limiter, setHeader, {
      admissionId,
      policies,
      subject: subjectOf(headers, governance, {}),
      estimate: NOTHING,
    });
    if (budget !== null && principal.kind === 'virtual-key')
      await holdBudget(dependencies.ledger, {
        keyId: principal.key.record.id,
        budget,
        admissionId,
        nanoUsd: 0,
        ttlMs: dependencies.holdTtlMs,
      });
    return { admissionId };
  };
}
