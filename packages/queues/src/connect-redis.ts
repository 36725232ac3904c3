import type { Env } from '@sluice/config';
import { UnavailableError } from '@sluice/errors';
import { Cluster, Redis } from 'ioredis';
import type { RedisClient } from './redis-client';

/**
 * `command`: fails fast when Redis is down, so a request gets 503 at once instead of hanging.
 * `blocking`: for BullMQ workers and blocking reads, which must wait through reconnects.
 */
export type RedisRole = 'command' | 'blocking';

/** Where Redis is: one server (`REDIS_URL`) or the seed nodes of a cluster (`REDIS_CLUSTER_NODES`). */
export type RedisTarget = Pick<Env, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>;

const CONNECT_TIMEOUT_MS = 3_000;

/** The one Redis connection factory: a cluster client when REDIS_CLUSTER_NODES is set, else one server's. */
export function connectRedis(target: RedisTarget, role: RedisRole): RedisClient {
  const redis = target.REDIS_CLUSTER_NODES
    ? connectCluster(target.REDIS_CLUSTER_NODES, role)
    : connectServer(target, role);
  // Connection errors surface as failed commands (503s) and reconnects; they must not crash the process.
  redis.on('error', () => undefined);
  return redis;
}

function connectServer(target: RedisTarget, role: RedisRole): Redis {
  return new Redis(target.REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: role === 'blocking' ? null : 1,
    enableOfflineQueue: role === 'blocking',
    enableAutoPipelining: role === 'command',
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
}

function connectCluster(seeds: NonNullable<RedisTarget['REDIS_CLUSTER_NODES']>, role: RedisRole): Cluster {
  return new Cluster(seeds.nodes, {
    lazyConnect: true,
    // While a failed master's replica is promoted the cluster client stays ready: it refreshes the slot map and
    // retries on the new master. Only a cluster that cannot be reached at all makes `command` calls fail at once.
    enableOfflineQueue: role === 'blocking',
    enableAutoPipelining: role === 'command',
    maxRedirections: 16,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: CONNECT_TIMEOUT_MS,
    clusterRetryStrategy: (times) => Math.min(times * 100, 2_000),
    redisOptions: {
      username: seeds.username,
      password: seeds.password,
      tls: seeds.tls ? {} : undefined,
      connectTimeout: CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: role === 'blocking' ? null : 1,
    },
  });
}

/**
 * Connects and checks Redis answers (on a cluster: that every slot is served), or throws UnavailableError naming the
 * variable to set: start-up never hangs on a missing Redis.
 */
export async function ensureRedisReachable(redis: RedisClient, target: RedisTarget): Promise<void> {
  try {
    if (redis.status === 'wait') await withinConnectTimeout(redis.connect());
    if (!(await withinConnectTimeout(redisAnswers(redis)))) throw new Error('cluster_state is not ok');
  } catch (error) {
    redis.disconnect();
    throw new UnavailableError(describeUnreachable(target), error);
  }
}

/** True when Redis answers a command; on a cluster, when the cluster reports every slot served (`cluster_state:ok`). */
export async function redisAnswers(redis: RedisClient): Promise<boolean> {
  if (redis instanceof Cluster) {
    const info = String(await redis.cluster('INFO'));
    return info.includes('cluster_state:ok');
  }
  await redis.ping();
  return true;
}

function describeUnreachable(target: RedisTarget): string {
  if (target.REDIS_CLUSTER_NODES) {
    const nodes = target.REDIS_CLUSTER_NODES.nodes.map((node) => `${node.host}:${node.port}`).join(',');
    return `cannot reach the Redis Cluster at ${nodes}; start it or set REDIS_CLUSTER_NODES`;
  }
  return `cannot reach Redis at ${redactUrl(target.REDIS_URL)}; start it or set REDIS_URL`;
}

async function withinConnectTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), CONNECT_TIMEOUT_MS * 2);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
