export { createLogger, type Logger, type LoggerOptions, REDACTED_PATHS } from './create-logger';
export { ThrottledWarning } from './throttled-warning';
export { readTraceContext, type TraceContext, type TraceHeaders } from './trace-context';
