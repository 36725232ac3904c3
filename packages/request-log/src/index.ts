export {
  type ChatMessageText,
  countChatTokens,
  countTokens,
  encodingForModel,
  type TokenEncodingName,
} from './count-tokens';
export { countTokensInSlices } from './count-tokens-in-slices';
export { estimatePromptTokens, type PromptToCount } from './estimate-prompt-tokens';
export { type EstimatedUsage, estimateUsage, TOKENIZER_COUNTER, type TokenCounter } from './estimate-usage';
export { csvLine } from './export/csv-line';
export { CSV_EXPORT_COLUMNS } from './export/export-columns';
export { type LogExportQuery, LogExportQuerySchema } from './export/log-export-query';
export {
  type ImportLogRecordsOptions,
  importLogRecords,
  type LineError,
  type LogImportResult,
} from './import/import-log-records';
export { type LogImportRecord, LogImportRecordSchema } from './import/log-import-record';
export { decodeLogCursor, encodeLogCursor, type LogCursor } from './log-cursor';
export {
  LOG_CACHE_FILTERS,
  LOG_STATUSES,
  type LogFilters,
  LogFiltersSchema,
  type LogListQuery,
  type LogListQueryInput,
  LogListQuerySchema,
  type LogSummaryQuery,
  type LogSummaryQueryInput,
  LogSummaryQuerySchema,
  type SummaryGroupBy,
  SummaryGroupBySchema,
} from './log-query-schemas';
export { ALL_ROWS, type LogScope } from './log-scope';
export type { LogSummary, SummaryRow } from './log-summary';
export { REQUEST_LOG_MIGRATIONS } from './migrations/request-log-migrations';
export { parseLogExportParams, parseLogListParams, parseLogSummaryParams } from './parse-log-query';
export { DAYS_AHEAD, enforceLogRetention, type RetentionRun } from './partitions/enforce-log-retention';
export { addDays, firstKeptDay, partitionDay } from './partitions/partition-day';
export { type DayPartition, type PartitionedTable, RequestLogPartitions } from './partitions/request-log-partitions';
export { type EventCost, priceEvent } from './price-event';
export { BUILT_IN_MEDIA_PRICES, MEDIA_PRICING_AS_OF, type MediaPrice } from './pricing/built-in-media-prices';
export { BUILT_IN_PRICES, PRICING_AS_OF } from './pricing/built-in-prices';
export { type CostBreakdown, type CostResult, computeCost, type TokenUsage } from './pricing/compute-cost';
export { computeMediaCost } from './pricing/compute-media-cost';
export type { LongContextPrice, ModelPrice, TieredModelPrice } from './pricing/model-price';
export { modelNameCandidates, normalizeModelName } from './pricing/normalize-model-name';
export { PriceBook, type PriceMatch } from './pricing/price-book';
export { type LogPage, RequestLogReader, type RequestLogReaderOptions } from './request-log-reader';
export type { RequestLogRecord } from './request-log-record';
export type { ComputedFields } from './request-log-row';
export {
  type EventToStore,
  type LogRetention,
  type RejectedEvent,
  RequestLogWriter,
  type RequestLogWriterOptions,
  type StoreBatchResult,
  type WriteBatchResult,
} from './request-log-writer';
export type { StoredRequest } from './requests-to-store';
export {
  histogramPercentile,
  LATENCY_BOUNDARIES,
  LATENCY_SLOTS,
  latencySlot,
  slotBounds,
} from './rollups/latency-histogram';
export { type RollupDelta, type RollupInput, type RollupSpan, rollupDeltas } from './rollups/rollup-deltas';
export { MIN_TURNS_BYTES_APART } from './turns/split-turns';
