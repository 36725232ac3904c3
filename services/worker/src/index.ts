export { backoffDelay } from './backoff-delay';
export { type JobDelivery, replyDelivery } from './job-delivery';
export { configKeyResolver, type ProviderKeyResolver } from './provider-key-resolver';
export { type JobRunnerDependencies, runProviderJob } from './run-provider-job';
export { type RunningWorkerService, startWorkerService, type WorkerServiceOptions } from './start-worker-service';
