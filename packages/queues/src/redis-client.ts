import type { Cluster, Redis } from 'ioredis';

/** A connection to one Redis server or to a Redis Cluster (REDIS_CLUSTER_NODES); Sluice's code runs on either. */
export type RedisClient = Redis | Cluster;
