import { InvalidRequestError } from '@sluice/errors';
import {
  type BudgetLedger,
  type ConfigStore,
  type ConsumerRateLimiter,
  estimateMediaUsage,
  estimateRequestUsage,
  type PromptStore,
  routeModels,
  type UsageEstimate,
} from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import type { PriceBook } from '@sluice/request-log';
import type { RequestHandler, Response } from 'express';
import { governanceOf, type RequestGovernance } from '../request-governance';
import { applyStoredPrompt } from './apply-stored-prompt';
import { holdBudget } from './budget-hold';
import { chargeConsumerLimits, policiesOf, subjectOf } from './consumer-limits';
import { decideRoute } from './decide-route';
import { modelCallOf } from './model-call-of';

export interface AdmissionDependencies {
  configs: ConfigStore;
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

/**
 * Admits a /v1 model call after authentication: renders a stored prompt, applies the key's model and config
 * permissions, charges consumer rate limits and reserves the budget — an upper-bound cost estimated before the
 * request is enqueued; its completion event settles the real cost. A request answered with an error (or from the
 * cache) gives its holds back when its response ends.
 */
export function admission(dependencies: AdmissionDependencies): RequestHandler {
  return async (request, response, next) => {
    const governance = governanceOf(request);
    const call = governance ? modelCallOf(request) : undefined;
    if (!governance || !call) return next();
    if (call.acceptsPrompt) await applyStoredPrompt(call.body, dependencies.prompts, governance);
    const model = call.body.model;
    if (typeof model !== 'string' || model === '') return next();
    if (model.length > MAX_MODEL_NAME)
      throw new InvalidRequestError(
        `model is ${model.length} characters long; a model name has at most ${MAX_MODEL_NAME}`,
        { param: 'model' },
      );
    const routing = decideRoute(request, governance, model, dependencies.configs);
    const policies = policiesOf(request, governance);
    const principal = governance.principal;
    const budget = principal.kind === 'virtual-key' ? principal.key.record.budget : null;
    if (policies.length === 0 && budget === null) return next();
    const candidates = routing ? routeModels(routing, model) : [];
    const estimate =
      budget === null && policies.every((policy) => policy.unit === 'request')
        ? NOTHING
        : call.media
          ? estimateMediaUsage(call.media, call.body, candidates, dependencies.priceBook)
          : estimateRequestUsage(call.body, candidates, dependencies.priceBook, call.generates);
    governance.holds = true;
    giveBackOnFailure(response, governance, dependencies);
    const { admissionId } = governance;
    await chargeConsumerLimits(dependencies.limiter, response, {
      admissionId,
      policies,
      subject: subjectOf(request, governance, call.body),
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
    next();
  };
}

/** Errors never reach a provider, and cache hits cost nothing: either way the holds are given back at once. */
function giveBackOnFailure(
  response: Response,
  governance: RequestGovernance,
  dependencies: AdmissionDependencies,
): void {
  response.once('finish', () => {
    const cacheHit = String(response.getHeader('x-sluice-cache') ?? '').startsWith('hit');
    if (response.statusCode < 400 && !cacheHit) return;
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
  });
}
