export { type LogRetentionTask, type LogRetentionTaskOptions, startLogRetentionTask } from './log-retention-task';
export {
  type LoggerServiceOptions,
  type LoggerSettings,
  type RunningLoggerService,
  requestLogConsumers,
  startLoggerService,
} from './start-logger-service';
