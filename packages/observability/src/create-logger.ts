import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Every field that can hold a secret, at any depth pino can address: redacted once, here. */
export const REDACTED_PATHS = [
  'authorization',
  'api-key',
  'x-api-key',
  'apiKey',
  'api_key',
  'x-goog-api-key',
  'masterKey',
  '*.authorization',
  '*.api-key',
  '*.x-api-key',
  '*.apiKey',
  '*.api_key',
  '*.x-goog-api-key',
  '*.headers.authorization',
  '*.headers["api-key"]',
  '*.headers["x-api-key"]',
  '*.headers["x-goog-api-key"]',
  'headers.authorization',
  'headers["api-key"]',
  'headers["x-api-key"]',
  'headers["x-goog-api-key"]',
];

export interface LoggerOptions {
  level: string;
  name?: string;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'sluice',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    options.destination,
  );
}
