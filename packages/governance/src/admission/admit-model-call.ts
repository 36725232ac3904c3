import { InvalidRequestError } from '@sluice/errors';
import type { Logger } from '@sluice/observability';
import type { PriceBook } from '@sluice/request-log';
import type { BudgetLedger } from '../budgets/budget-ledger';
import { estimateMediaUsage } from '../budgets/estimate-media-usage';
import { estimateRequestUsage } from '../budgets/estimate-request-usage';
import { routeModels } from '../budgets/route-models';
import type { RequestGovernance } from '../identity/request-identity';
import type { ConsumerRateLimiter, UsageEstimate } from '../limits/consumer-rate-limiter';
import type { PromptStore } from '../prompts/prompt-store';
import type { Admission, Admit, CallToAdmit, ModelCall } from './admission';
import { applyStoredPrompt } from './apply-stored-prompt';
import { holdBudget } from './budget-hold';
import { chargeConsumerLimits, policiesOf, subjectOf } from './consumer-limits';
import { decideRoute, namedConfig, type RouteConfigs } from './decide-route';

export interface AdmissionDependencies {
  configs: RouteConfigs;
  prompts: PromptStore;
  limiter: ConsumerRateLimiter;
  ledger: BudgetLedger;
  priceBook: PriceBook;
  logger: Logger;
  /** How long a budget hold lives unsettled: sync requests (their deadline and some) and async jobs. */
  holdTtlMs: { sync: number; async: number };
}

const NOTHING: UsageEstimate = { tokens: 0, nanoUsd: 0 };
/** Model names are echoed in response headers, so an absurd one is refused before it can overflow them. */
const MAX_MODEL_NAME = 256;
const NO_HOLDS = () => undefined;

/**
 * Admits a call after authentication: renders a stored prompt, applies the key's model and config permissions,
 * resolves the routing config once, charges consumer rate limits and reserves the budget — an upper-bound cost
 * estimated before the request is enqueued; its completion event settles the real cost. A token count is
 * authorized and routed, never charged.
 */
export function admitModelCall(dependencies: AdmissionDependencies): Admit {
  return async (toAdmit) => {
    const { governance, call } = toAdmit;
    const named = namedConfig(toAdmit.headers);
    const virtualKeyId = governance?.principal.kind === 'virtual-key' ? governance.principal.key.record.id : undefined;
    const unrouted: Admission = {
      configHeader: named,
      resolved: undefined,
      logged: { virtualKeyId },
      giveBack: NO_HOLDS,
    };
    if (!governance || !call) return unrouted;
    const prompt = call.acceptsPrompt ? await applyStoredPrompt(call.body, dependencies.prompts) : undefined;
    const logged = { virtualKeyId, promptId: prompt?.id, promptVersion: prompt?.version };
    const model = call.body.model;
    if (typeof model !== 'string' || model === '') return { ...unrouted, logged };
    if (model.length > MAX_MODEL_NAME)
      throw new InvalidRequestError(
        `model is ${model.length} characters long; a model name has at most ${MAX_MODEL_NAME}`,
        { param: 'model' },
      );
    const decision = decideRoute(
      { principal: governance.principal, model, named, dialect: toAdmit.dialect },
      dependencies.configs,
    );
    const admission: Admission = {
      configHeader: decision.configHeader,
      resolved: decision.resolved,
      logged: { ...logged, configVersion: decision.configVersion },
      giveBack: NO_HOLDS,
    };
    if (call.counts) return admission;
    return hold(admission, { toAdmit, governance, call, model }, dependencies);
  };
}

interface HeldCall {
  toAdmit: CallToAdmit;
  governance: RequestGovernance;
  call: ModelCall;
  model: string;
}

/** Charges the consumer limits and reserves the budget; refused, the holds already taken are given back. */
async function hold(admission: Admission, held: HeldCall, dependencies: AdmissionDependencies): Promise<Admission> {
  const { governance, call } = held;
  const policies = policiesOf(held.toAdmit.headers, governance);
  const principal = governance.principal;
  const budget = principal.kind === 'virtual-key' ? principal.key.record.budget : null;
  if (policies.length === 0 && budget === null) return admission;
  const candidates = admission.resolved ? routeModels(admission.resolved.routing, held.model) : [];
  const estimate =
    budget === null && policies.every((policy) => policy.unit === 'request')
      ? NOTHING
      : call.media
        ? estimateMediaUsage(call.media, call.body, candidates, dependencies.priceBook)
        : estimateRequestUsage(call.body, candidates, dependencies.priceBook, call.generates);
  const { admissionId } = governance;
  const holding: Admission = {
    ...admission,
    logged: { ...admission.logged, admissionId },
    giveBack: giveBackOnce(governance, dependencies),
  };
  try {
    await chargeConsumerLimits(dependencies.limiter, held.toAdmit.setHeader, {
      admissionId,
      policies,
      subject: subjectOf(held.toAdmit.headers, governance, call.body),
      estimate,
    });
    if (budget !== null && principal.kind === 'virtual-key') {
      const ttlMs = call.async ? dependencies.holdTtlMs.async : dependencies.holdTtlMs.sync;
      await holdBudget(dependencies.ledger, {
        keyId: principal.key.record.id,
        budget,
        admissionId,
        nanoUsd: estimate.nanoUsd,
        ttlMs,
      });
    }
  } catch (error) {
    holding.giveBack();
    throw error;
  }
  return holding;
}

/** Gives the call's rate-limit charges and budget reservation back, once; a failure is only a warning. */
function giveBackOnce(governance: RequestGovernance, dependencies: AdmissionDependencies): () => void {
  let given = false;
  return () => {
    if (given) return;
    given = true;
    const principal = governance.principal;
    const budget = principal.kind === 'virtual-key' ? principal.key.record.budget : null;
    const release = async () => {
      await dependencies.limiter.settle(governance.admissionId, NOTHING);
      if (budget !== null && principal.kind === 'virtual-key')
        await dependencies.ledger.release(principal.key.record.id, budget, governance.admissionId);
    };
    release().catch((error: unknown) =>
      dependencies.logger.warn(
        { err: error, admissionId: governance.admissionId },
        'could not give back a refused request’s holds',
      ),
    );
  };
}
