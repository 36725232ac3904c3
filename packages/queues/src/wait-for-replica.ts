import { Cluster, Command, type Redis } from 'ioredis';
import type { RedisClient } from './redis-client';

/**
 * On a cluster, waits until the masters holding these keys have passed this client's writes to at least one replica
 * (`WAIT 1`), so work Sluice has accepted survives its master failing over (docs/redis-cluster.md). A master without
 * a replica, or one server (REDIS_URL), returns at once. Resolves false when a replica did not confirm in time.
 */
export async function waitForReplica(redis: RedisClient, keys: readonly string[], timeoutMs = 250): Promise<boolean> {
  if (!(redis instanceof Cluster)) return true;
  const masters = new Set<Redis>();
  for (const key of keys) {
    const master = replicatedMasterOf(redis, key);
    if (master) masters.add(master);
  }
  const confirmed = await Promise.all([...masters].map((master) => master.wait(1, timeoutMs)));
  return confirmed.every((replicas) => replicas >= 1);
}

/** The connection to the master serving the key's slot, when that slot has a replica. */
function replicatedMasterOf(cluster: Cluster, key: string): Redis | undefined {
  const slot = new Command('exists', [key]).getSlot();
  const [master, ...replicas] = cluster.slots[slot] ?? [];
  if (master === undefined || replicas.length === 0) return undefined;
  return cluster.nodes('master').find((node) => `${node.options.host}:${node.options.port}` === master);
}
