export { CancelListener, CancelPublisher, RequestCancelledError } from './cancel-channel';
export {
  type CacheStore,
  CacheStoreSchema,
  type CompletionEvent,
  type CompletionEventInput,
  CompletionEventSchema,
} from './completion-event';
export { contextEventFields, type UsageCounts, usageEventFields } from './completion-event-fields';
export {
  COMPLETION_EVENT_GROUPS,
  CompletionEventConsumer,
  type CompletionEventInterest,
  CompletionEventPublisher,
  type ConsumedEvent,
  type ConsumerOptions,
  type EventBodiesText,
  eventBodiesText,
  parseEventBodies,
  withParsedBodies,
} from './completion-event-stream';
export {
  connectRedis,
  ensureRedisReachable,
  type RedisRole,
  type RedisTarget,
  redisAnswers,
} from './connect-redis';
export { ensureNoEviction, readEvictionPolicy } from './ensure-no-eviction';
export { HandoffSlots } from './handoff-slots';
export { clusterHashTag, type HashTag, noHashTag } from './hash-tag';
export { canonicalBodyOf, withBodyText } from './job-body-text';
export { JsonText, jsonTextOf } from './json-text';
export {
  HandoffDoneSchema,
  HandoffRunSchema,
  LocalHandoff,
  type LocalHandoffLink,
  type LocalHandoffOptions,
} from './local-handoff';
export type { LocalReplyLink } from './local-replies';
export { MediaBlobMissingError, MediaBlobStore, mediaBlobTtlMs } from './media-blob-store';
export {
  MEDIA_KINDS,
  type MediaKind,
  MediaKindSchema,
  type MediaUpload,
  MediaUploadSchema,
  type MediaUsage,
  MediaUsageSchema,
  type UploadedFile,
  UploadedFileSchema,
} from './media-upload';
export { type MultipartMediaKind, mediaUploadRules } from './media-upload-rules';
export { OutageBufferedEventPublisher, type OutageBufferOptions } from './outage-buffered-event-publisher';
export { type PassThroughOutcome, passThroughEvent } from './pass-through-event';
export {
  type Attempt,
  AttemptSchema,
  type CacheInstruction,
  CacheInstructionSchema,
  type ForwardedCall,
  ForwardedCallSchema,
  type ForwardedOperation,
  ForwardedOperationSchema,
  type NativeCall,
  NativeCallSchema,
  type PlannedTarget,
  PlannedTargetSchema,
  type ProviderJob,
  type ProviderJobInput,
  ProviderJobSchema,
  type RequestContext,
  RequestContextSchema,
} from './provider-job';
export { ProviderQueues, settlesWithin } from './provider-queues';
export { createQueueCatalog, JOB_PRIORITY, PROVIDER_JOB_OPTIONS, type QueueCatalog } from './queue-catalog';
export { type QueueState, readQueueStates } from './queue-states';
export { type MediaUploadRules, readMediaUpload, type UploadSource } from './read-media-upload';
export type { RedisClient } from './redis-client';
export { isRedisUnavailable } from './redis-unavailable';
export { type RejectedCall, type RejectedRequest, rejectedRequestEvent } from './rejected-request-event';
export { ReplyInbox } from './reply-inbox';
export { ReplyListener, type ReplyListenerOptions } from './reply-listener';
export { type ReplyKind, type ReplyMessage, ReplyMessageSchema, readReplyFields, replyFields } from './reply-message';
export { ReplyPublisher } from './reply-publisher';
export { requestContextOf } from './request-context-of';
export {
  type AttemptMetricLabels,
  type CounterSeries,
  type HistogramSeries,
  REQUEST_HISTOGRAM_BUCKETS,
  type RequestCounterName,
  type RequestHistogramName,
  type RequestMetricLabels,
  type RequestMetricSample,
  type RequestMetricsSnapshot,
} from './request-metric-sample';
export { RequestMetricsStore } from './request-metrics-store';
export { type StreamEntry, StreamGroupConsumer, type StreamGroupConsumerOptions } from './stream-group-consumer';
export { TurnBatchedPost } from './turn-batched-post';
export { waitForReplica } from './wait-for-replica';
