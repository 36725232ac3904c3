import {
  type GatewayConfig,
  isNestedTarget,
  type ProviderTarget,
  type RoutingConfig,
  type Target,
} from '@sluice/config';
import { InvalidRequestError } from '@sluice/errors';
import type { PlannedTarget } from '@sluice/queues';
import { evaluateCondition } from './evaluate-condition';
import type { RequestFacts } from './request-facts';

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_FALLBACK_ON: PlannedTarget['fallbackOn'] = [429, 500, 502, 503, 504, 529, 'timeout', 'network'];
const DEFAULT_RETRY: PlannedTarget['retry'] = { attempts: 1, onStatus: [429, 500, 502, 503, 504, 529], backoffMs: 250 };

interface Inherited {
  retry: PlannedTarget['retry'];
  fallbackOn: PlannedTarget['fallbackOn'];
  timeoutMs: number | undefined;
  overrideParams: Record<string, unknown>;
}

export interface PlanOptions {
  config: GatewayConfig;
  facts: RequestFacts;
  random?: () => number;
}

/**
 * Expands a routing config into the ordered targets a job walks through: a fallback chain contributes each of its
 * targets in turn, a load balancer one weighted pick, a conditional the target its first matching condition names.
 * Nested configs inherit retry, fallback_on, timeout and override_params they do not set.
 */
export function planRoute(routing: RoutingConfig, options: PlanOptions): PlannedTarget[] {
  const root: Inherited = {
    retry: DEFAULT_RETRY,
    fallbackOn: DEFAULT_FALLBACK_ON,
    timeoutMs: undefined,
    overrideParams: {},
  };
  return expandConfig(routing, root, options);
}

function expandConfig(routing: RoutingConfig, parent: Inherited, options: PlanOptions): PlannedTarget[] {
  const inherited: Inherited = {
    retry: routing.retry
      ? { attempts: routing.retry.attempts, onStatus: routing.retry.on_status, backoffMs: routing.retry.backoff_ms }
      : parent.retry,
    fallbackOn: routing.fallback_on ?? parent.fallbackOn,
    timeoutMs: routing.timeout_ms ?? parent.timeoutMs,
    overrideParams: { ...parent.overrideParams, ...routing.override_params },
  };
  switch (routing.strategy) {
    case 'fallback':
      return routing.targets.flatMap((target) => expandTarget(target, inherited, options));
    case 'loadbalance':
      return expandTarget(pickWeighted(routing.targets, options.random ?? Math.random), inherited, options);
    case 'conditional':
      return expandTarget(chooseConditional(routing, options.facts), inherited, options);
    case 'single':
      return expandTarget(routing.targets[0] as Target, inherited, options);
  }
}

function expandTarget(target: Target, inherited: Inherited, options: PlanOptions): PlannedTarget[] {
  if (isNestedTarget(target)) return expandConfig(target.config, inherited, options);
  return [plannedTarget(target, inherited, options)];
}

function plannedTarget(target: ProviderTarget, inherited: Inherited, options: PlanOptions): PlannedTarget {
  const account = options.config.providers[target.provider];
  if (!account)
    throw new InvalidRequestError(`no provider named "${target.provider}" is configured`, { param: 'x-sluice-config' });
  return {
    provider: target.provider,
    model: target.model ?? options.facts.model,
    overrideParams: { ...inherited.overrideParams, ...target.override_params },
    retry: inherited.retry,
    fallbackOn: inherited.fallbackOn,
    timeoutMs: inherited.timeoutMs ?? account.timeout_ms ?? DEFAULT_TIMEOUT_MS,
  };
}

/** A weighted random pick; a target without a weight weighs 1. */
export function pickWeighted(targets: Target[], random: () => number): Target {
  const total = targets.reduce((sum, target) => sum + (target.weight ?? 1), 0);
  let point = random() * total;
  for (const target of targets) {
    point -= target.weight ?? 1;
    if (point < 0) return target;
  }
  return targets[targets.length - 1] as Target;
}

function chooseConditional(routing: RoutingConfig, facts: RequestFacts): Target {
  const matched = routing.conditions?.find((condition) => evaluateCondition(condition.when, facts));
  const name = matched?.then ?? routing.default;
  const target = routing.targets.find((candidate) => candidate.name === name);
  if (!target)
    throw new InvalidRequestError('no condition matched this request and the config has no default target', {
      param: 'x-sluice-config',
    });
  return target;
}
