import { z } from 'zod';
import { InvalidRequestError, zodProblems } from '@sluice/errors';

export const SERVICE_NAMES = ['ingress', 'worker', 'cache', 'logger', 'webhooks'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

const commaList = optionalString.transform((value) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
);

const flag = optionalString.transform((value) => value === '1' || value === 'true');

export const EnvSchema = z.object({
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  DATABASE_URL: optionalString,
  QDRANT_URL: optionalString,
  QDRANT_API_KEY: optionalString,
  SLUICE_CONFIG: optionalString,
  SLUICE_ADMIN_TOKEN: optionalString,
  SLUICE_MASTER_KEY: optionalString,
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  SLUICE_DATA_DIR: z.string().default('./.sluice'),
  SLUICE_SERVICES: commaList.pipe(
    z
      .array(z.enum(['all', ...SERVICE_NAMES]))
      .optional()
      .transform((names): ServiceName[] =>
        names === undefined || names.includes('all') ? [...SERVICE_NAMES] : (names as ServiceName[]),
      ),
  ),
  SLUICE_WORKER_PROVIDERS: commaList,
  SLUICE_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('sluice'),
  SLUICE_BODY_LIMIT: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  SLUICE_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(256),
  SLUICE_DRAIN_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(30_000),
  SLUICE_WEBHOOK_ALLOW_PRIVATE: flag,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
});

export type Env = z.infer<typeof EnvSchema>;

/** Parses the process environment once, at start. Every bad variable is named. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) throw InvalidRequestError.fromProblems('environment', zodProblems(parsed.error.issues));
  return parsed.data;
}
