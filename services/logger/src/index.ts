export { type LoggerServiceOptions, type RunningLoggerService, startLoggerService } from './start-logger-service';
