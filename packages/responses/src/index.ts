export { type BackgroundRun, ResponseStore, type StoredResponse } from './response-store';
export { RESPONSES_MIGRATIONS } from './responses-migrations';
