export { type LogRetentionTask, type LogRetentionTaskOptions, startLogRetentionTask } from './log-retention-task';
export { type LoggerServiceOptions, type RunningLoggerService, startLoggerService } from './start-logger-service';
