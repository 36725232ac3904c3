export {
  type ChatSubmission,
  type Dispatched,
  type SubmittedRequest,
  SyncDispatcher,
  type SyncDispatcherOptions,
  type SyncSubmission,
} from './sync-dispatcher';
