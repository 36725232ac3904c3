import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { z } from 'zod';
import { RedisClusterNodesSchema } from './redis-cluster-nodes';

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
  /** Redis Cluster seed nodes; when set every connection is a cluster client and REDIS_URL is not used. */
  REDIS_CLUSTER_NODES: RedisClusterNodesSchema,
  DATABASE_URL: optionalString,
  QDRANT_URL: optionalString,
  QDRANT_API_KEY: optionalString,
  SLUICE_CONFIG: optionalString,
  SLUICE_ADMIN_TOKEN: optionalString,
  /** Bearer token for GET /metrics (the admin token also works); /metrics is open only while neither is set. */
  SLUICE_METRICS_TOKEN: optionalString,
  SLUICE_MASTER_KEY: optionalString,
  /** The master key being rotated out: it still opens stored provider keys, which are sealed again under the new one. */
  SLUICE_MASTER_KEY_PREVIOUS: optionalString,
  /** CIDR ranges (IPv4 and IPv6) every request must come from; unset: any address. */
  SLUICE_IP_ALLOWLIST: commaList,
  /** Whether X-Forwarded-For decides the client address: false, true, a hop count, or proxy CIDRs. */
  SLUICE_TRUST_PROXY: optionalString,
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
  /**
   * A process running the ingress beside other services keeps the ingress (and cache) on the main thread; 3: the
   * worker on a second thread, the logger and webhooks (and embedded PGlite) on a third; 2: those on one second
   * thread; 1: one event loop for all.
   */
  SLUICE_THREADS: z
    .enum(['1', '2', '3'])
    .default('3')
    .transform((value) => Number(value) as 1 | 2 | 3),
  /**
   * Ingress processes sharing PORT (node:cluster), e.g. one per core; above 1 the ingress runs in forked processes and
   * this one runs the other services, so the database must be PostgreSQL (DATABASE_URL).
   */
  SLUICE_INGRESS_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  /** No braces: Sluice puts its own hash tags in its keys on a cluster (docs/redis-cluster.md). */
  SLUICE_QUEUE_PREFIX: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]+$/,
      'letters, digits, "-" and "_" only (no braces: on a cluster Sluice adds its own hash tags, see docs/redis-cluster.md)',
    )
    .default('sluice'),
  SLUICE_BODY_LIMIT: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  SLUICE_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(256),
  /**
   * `local`: a process running the ingress and the worker hands a sync job straight to its worker when that worker has
   * a free slot for the job's account (docs/sync-handoff.md); `queue`: every job goes through BullMQ.
   */
  SLUICE_SYNC_HANDOFF: z.enum(['local', 'queue']).default('local'),
  SLUICE_DRAIN_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(30_000),
  SLUICE_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(600_000),
  /** The largest file one images or audio upload may carry (OpenAI's own limit for audio is 25 MB). */
  SLUICE_MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  SLUICE_MAX_RATE_LIMIT_DEFERRALS: z.coerce.number().int().nonnegative().default(10),
  SLUICE_BREAKER_FAILURES: z.coerce.number().int().positive().default(5),
  SLUICE_BREAKER_WINDOW_MS: z.coerce.number().int().positive().default(30_000),
  SLUICE_BREAKER_COOLDOWN_MS: z.coerce.number().int().positive().default(30_000),
  SLUICE_WEBHOOK_ALLOW_PRIVATE: flag,
  /** How long async job records (status, result, delivery log) are kept; never longer than the request log's rows. */
  SLUICE_JOB_RETENTION_S: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600),
  /** A worker's lock on a running job; a worker that dies mid-call loses its jobs to another after this long. */
  SLUICE_JOB_LOCK_MS: z.coerce.number().int().min(500).default(6_000),
  /** Webhook tries in all (the first and the retries) and the first retry's delay, doubling each time. */
  SLUICE_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
  SLUICE_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).default(30_000),
  SLUICE_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** Batch lines queued or running at once per batch, so a large batch never floods Redis. */
  SLUICE_BATCH_MAX_IN_FLIGHT: z.coerce.number().int().positive().default(1_000),
  /** A batch runner's lease on a batch; a runner that dies hands its batches on after this long. */
  SLUICE_BATCH_LEASE_MS: z.coerce.number().int().min(1_000).default(30_000),
  /** Largest file `POST /v1/files` accepts. */
  SLUICE_FILE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(200 * 1024 * 1024),
  /** Days request-log rows are kept: whole day partitions are dropped once older (docs/request-log.md). */
  SLUICE_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
  /** Days request and response bodies are kept (at most as long as their rows). */
  SLUICE_LOG_BODY_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
});

export type Env = z.infer<typeof EnvSchema>;

/** Parses the process environment once, at start. Every bad variable is named. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) throw InvalidRequestError.fromProblems('environment', zodProblems(parsed.error.issues));
  const env = parsed.data;
  // A job's record follows the log retention (docs/request-log.md): it outlives no request-log row.
  const logRetentionS = env.SLUICE_LOG_RETENTION_DAYS * 86_400;
  return { ...env, SLUICE_JOB_RETENTION_S: Math.min(env.SLUICE_JOB_RETENTION_S, logRetentionS) };
}
