export { isBlockedAddress } from './blocked-address';
export { cancelJob, type JobCancellation } from './cancel-job';
export { type DeliveryAttempt, DeliveryAttemptSchema, DeliveryLog } from './delivery-log';
export { type JobKeys, jobKeys } from './job-keys';
export { JobProgress, type ProgressEntry } from './job-progress';
export {
  isTerminal,
  JOB_ENDPOINTS,
  JOB_STATUSES,
  type JobEndpoint,
  type JobError,
  type JobPriority,
  type JobRecord,
  JobRecordSchema,
  type JobSettlement,
  type JobStatus,
  type NewJob,
  TERMINAL_JOB_STATUSES,
} from './job-record';
export { JobSettledListener } from './job-settled-listener';
export { type JobListQuery, JobStore, type JobStoreOptions, type Transition } from './job-store';
export { JobGetQuerySchema, JobListQuerySchema, type JobSubmission, JobSubmissionSchema } from './job-submission';
export { type JobRequest, JobSubmitter, type JobSubmitterOptions } from './job-submitter';
export { type JobView, toJobView } from './job-view';
export { newJobRecord } from './new-job-record';
export { RedisScript } from './redis-script';
export {
  retryDelayMs,
  type WebhookDelivery,
  WebhookDeliverySchema,
  WebhookQueue,
  type WebhookRetryPolicy,
  webhookDeliveryFor,
} from './webhook-queue';
export {
  generateWebhookSecret,
  type WebhookTarget,
  WebhookTargetSchema,
  webhookSigningKey,
  webhookUrlProblem,
} from './webhook-target';
