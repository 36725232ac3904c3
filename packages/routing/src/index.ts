export { evaluateCondition } from './evaluate-condition';
export { type PlanOptions, pickWeighted, planRoute } from './plan-route';
export { factAt, type RequestFacts } from './request-facts';
export { type ResolvedConfig, resolveConfig } from './resolve-config';
export { type JobPlacement, planProviderJob, type RoutedRequest } from './plan-provider-job';
export { requestFactsOf } from './request-facts-of';
