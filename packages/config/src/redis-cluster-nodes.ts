import { z } from 'zod';

/** One seed node of a Redis Cluster. */
export interface RedisClusterNode {
  host: string;
  port: number;
}

/** `REDIS_CLUSTER_NODES` parsed: the seed nodes, and the credentials and TLS every node shares. */
export interface RedisClusterSeeds {
  nodes: RedisClusterNode[];
  username: string | undefined;
  password: string | undefined;
  tls: boolean;
}

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/**
 * `host:port,host:port,…`; an entry may also be written in REDIS_URL's form (`redis://` or `rediss://`, with
 * `user:password@`), which sets the password and TLS for every node (docs/redis-cluster.md).
 */
export const RedisClusterNodesSchema = z
  .string()
  .optional()
  .transform((value, context): RedisClusterSeeds | undefined => {
    if (value === undefined || value.trim() === '') return undefined;
    const seeds: RedisClusterSeeds = { nodes: [], username: undefined, password: undefined, tls: false };
    for (const entry of value.split(',').map((part) => part.trim())) {
      if (entry === '') continue;
      const node = parseEntry(entry, seeds);
      if (!node) {
        context.addIssue({ code: 'custom', message: `"${redact(entry)}" is not host:port or redis[s]://host:port` });
        return z.NEVER;
      }
      seeds.nodes.push(node);
    }
    if (seeds.nodes.length === 0) {
      context.addIssue({ code: 'custom', message: 'names no node' });
      return z.NEVER;
    }
    return seeds;
  });

function parseEntry(entry: string, seeds: RedisClusterSeeds): RedisClusterNode | undefined {
  if (!entry.includes('://')) return hostPort(entry);
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return undefined;
  if (url.protocol === 'rediss:') seeds.tls = true;
  if (url.username) seeds.username = decodeURIComponent(url.username);
  if (url.password) seeds.password = decodeURIComponent(url.password);
  return hostPort(`${url.hostname}:${url.port || '6379'}`);
}

function hostPort(entry: string): RedisClusterNode | undefined {
  const match = HOST_PORT.exec(entry);
  const port = Number(match?.[2]);
  if (!match?.[1] || port < 1 || port > 65535) return undefined;
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

function redact(entry: string): string {
  return entry.replace(/\/\/[^@/]*@/, '//***@');
}
