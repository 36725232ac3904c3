export { type BackgroundStreamOptions, backgroundResponseEvents } from './background-response-events';
export {
  type BackgroundJobs,
  type BackgroundRequest,
  cancelBackgroundResponse,
  currentResponse,
  startBackgroundResponse,
} from './background-responses';
export { inputItemsPage } from './input-items-page';
export { type PreparedResponse, prepareResponse } from './prepare-response';
export { InputItemsQuerySchema, ResponseRetrieveQuerySchema } from './response-queries';
export { type BackgroundRun, ResponseStore, type StoredResponse } from './response-store';
export { RESPONSES_MIGRATIONS } from './responses-migrations';
