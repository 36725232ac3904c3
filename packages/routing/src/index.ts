export { evaluateCondition } from './evaluate-condition';
export { type ForwardedSubmission, forwardedOperationPlan } from './forwarded-operation-plan';
export {
  type CanonicalTranslation,
  type ForwardingPlan,
  forwardingPlan,
  type NativeSubmission,
} from './forwarding-plan';
export { lazyTranslation } from './lazy-translation';
export {
  type PassThroughDestination,
  type PassThroughPlan,
  type PassThroughRequest,
  planPassThrough,
} from './plan-pass-through';
export { type JobPlacement, planProviderJob, type RoutedRequest } from './plan-provider-job';
export { type PlanOptions, pickWeighted, planRoute } from './plan-route';
export { factAt, type RequestFacts } from './request-facts';
export { requestFactsOf } from './request-facts-of';
export { type EntryDialect, type ResolvedConfig, resolveConfig } from './resolve-config';
