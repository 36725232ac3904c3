export { type AsyncWork, type AsyncWorkOptions, startAsyncWork } from './async-work';
export { BatchLeases, type FinishedStatus } from './batch-leases';
export { BATCH_MIGRATIONS } from './batch-migrations';
export {
  ACTIVE_BATCH_STATUSES,
  BATCH_STATUSES,
  type BatchError,
  type BatchObject,
  type BatchStatus,
} from './batch-object';
export {
  type BatchCreate,
  BatchCreateSchema,
  BatchListQuerySchema,
  batchInputFile,
  COMPLETION_WINDOW_MS,
  FileListQuerySchema,
} from './batch-requests';
export { type BatchLineResult, BatchLineResultSchema, BatchResultPublisher } from './batch-result-stream';
export { BatchResults } from './batch-results';
export type { BatchRunner } from './batch-runner';
export type { BatchLimits } from './batch-runner-dependencies';
export { BatchStopMarks } from './batch-stop-marks';
export { BatchStore, type NewBatch } from './batch-store';
export {
  BATCH_ENDPOINTS,
  type BatchEndpoint,
  BatchEndpointSchema,
  type CheckedLine,
  checkBatchLine,
} from './check-batch-line';
export { type BatchRunnerSetup, createBatchRunner } from './create-batch-runner';
export type { FileObject } from './file-object';
export { FILE_CHUNK_BYTES, type FileListQuery, FileStore, FileWriter } from './file-store';
export { errorLine, failedResponseLine, responseLine } from './output-line';
export { type FileUpload, readFileUpload } from './read-file-upload';
export { type FileLine, readLines } from './read-lines';
