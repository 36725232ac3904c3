export { evaluateCondition } from './evaluate-condition';
export { type PlanOptions, pickWeighted, planRoute } from './plan-route';
export { factAt, type RequestFacts } from './request-facts';
export { type ResolvedConfig, resolveConfig } from './resolve-config';
