import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigText, parseEnv, type ServiceName } from '@sluice/config';
import { type RunningGateway, startServices } from '@sluice/gateway';
import { createLogger } from '@sluice/observability';
import { Redis } from 'ioredis';

export interface TestGateway {
  url: string;
  /** The OpenAI-style base URL: `${url}/v1`. */
  baseURL: string;
  prefix: string;
  gateway: RunningGateway;
  stop(): Promise<void>;
}

export interface TestGatewayOptions {
  /** sluice.yaml text; `${NAME}` is interpolated from `env` and the process environment. */
  configYaml: string;
  env?: Record<string, string>;
  services?: (ServiceName | 'all')[];
  /** Reuse a prefix to join another gateway's queues (multi-instance tests). */
  prefix?: string;
  /** Receives every log line at debug level (for tests that inspect the logs). */
  logDestination?: { write(line: string): void };
}

/** A real gateway in this process, on real Redis, with its own BullMQ prefix; `stop` removes its keys. */
export async function startTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const prefix = options.prefix ?? `t${randomUUID().slice(0, 12).replaceAll('-', '')}`;
  const rawEnv = {
    ...process.env,
    PORT: '0',
    SLUICE_QUEUE_PREFIX: prefix,
    SLUICE_SERVICES: (options.services ?? ['all']).join(','),
    SLUICE_DATA_DIR: mkdtempSync(join(tmpdir(), 'sluice-test-')),
    SLUICE_DRAIN_TIMEOUT_MS: '2000',
    ...options.env,
  };
  const env = parseEnv(rawEnv);
  const config = parseConfigText(options.configYaml, rawEnv, 'test config');
  const logger = options.logDestination
    ? createLogger({ level: 'debug', destination: options.logDestination })
    : createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const gateway = await startServices(env, config, logger);
  const url = gateway.url ?? '';
  return {
    url,
    baseURL: `${url}/v1`,
    prefix,
    gateway,
    async stop() {
      await gateway.stop();
      if (options.prefix === undefined) await deleteKeys(env.REDIS_URL, prefix);
    },
  };
}

/** Deletes every Redis key under a test prefix; a Redis that is already gone has nothing left to clean. */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch {
    return;
  }
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
