import type { SqlDatabase } from '@sluice/database';
import { type LoggerServiceOptions, requestLogConsumers } from '@sluice/logger';
import { connectRedis } from '@sluice/queues';

/** The connections the gateway opens for a logger service, opened on one Redis server (the service ends each at stop). */
export function loggerBlockingConnections(redisUrl: string, database: SqlDatabase): LoggerServiceOptions['blocking'] {
  const blocking = () => connectRedis({ REDIS_URL: redisUrl, REDIS_CLUSTER_NODES: undefined }, 'blocking');
  return {
    events: Array.from({ length: requestLogConsumers(database) }, blocking),
    settlement: blocking(),
    invalidations: blocking(),
  };
}
