import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);

/** One redis-server of the cluster, as `CLUSTER NODES` describes it. */
export interface ClusterNode {
  port: number;
  role: 'master' | 'replica';
  /** False once the node was killed. */
  alive: boolean;
}

export interface RedisClusterFixture {
  /** `127.0.0.1:P1,…`: the value for REDIS_CLUSTER_NODES. */
  seeds: string;
  /** Every node still running, with the role the cluster gives it now. */
  nodes(): Promise<ClusterNode[]>;
  /** The port of the master that serves a key's slot now. */
  masterOf(key: string): Promise<number>;
  /** Keys held by each running master, by port. */
  keysPerMaster(): Promise<Map<number, number>>;
  /** Kills a node with SIGKILL, as a crash would. */
  kill(port: number): Promise<void>;
  /**
   * Resolves once every running node reports `cluster_state:ok`, and the cluster's three masters are running
   * processes (after a kill: once a replica has taken the dead master's place).
   */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  /** Stops every node and deletes its files. */
  stop(): Promise<void>;
}

const NODE_COUNT = 6;

/**
 * A Redis Cluster of its own — 3 masters, 3 replicas — on free loopback ports, with append-only files under a
 * temporary directory. A master that dies is replaced by its replica after `nodeTimeoutMs`. Everything is stopped and
 * deleted by `stop()`, and also if the test process exits without calling it.
 */
export async function startRedisCluster(options: { nodeTimeoutMs?: number } = {}): Promise<RedisClusterFixture> {
  const directory = mkdtempSync(join(tmpdir(), 'sluice-redis-cluster-'));
  const children = new Map<number, ChildProcess>();
  const cleanUp = () => {
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  };
  process.once('exit', cleanUp);
  try {
    const free = await freePorts(NODE_COUNT * 2);
    for (let index = 0; index < NODE_COUNT; index += 1) {
      const [port, busPort] = [free[index * 2] as number, free[index * 2 + 1] as number];
      const dir = join(directory, String(port));
      mkdirSync(dir);
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--cluster-port',
          String(busPort),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-node-timeout',
          String(options.nodeTimeoutMs ?? 1_000),
          // A replica may take over however long ago it last heard from its master (a fresh cluster included).
          '--cluster-replica-validity-factor',
          '0',
          '--appendonly',
          'yes',
          '--save',
          '',
          '--dir',
          dir,
        ],
        { stdio: 'ignore' },
      );
      children.set(port, child);
    }
    const ports = [...children.keys()];
    for (const port of ports) await waitForPing(port);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    ]);
  } catch (error) {
    cleanUp();
    process.off('exit', cleanUp);
    throw error;
  }

  const living = () => [...children].filter(([, child]) => child.exitCode === null && child.signalCode === null);
  const fixture: RedisClusterFixture = {
    seeds: [...children.keys()].map((port) => `127.0.0.1:${port}`).join(','),
    async nodes() {
      const [[port]] = living() as [[number, ChildProcess]];
      const text = await command(port, 'CLUSTER', 'NODES');
      return text
        .trim()
        .split('\n')
        .map((line) => {
          const [, address = '', flags = ''] = line.split(' ');
          return {
            port: Number(address.split('@')[0]?.split(':')[1]),
            role: flags.includes('master') ? 'master' : 'replica',
            alive: !flags.includes('fail'),
          } satisfies ClusterNode;
        });
    },
    async masterOf(key) {
      const masters = (await fixture.nodes()).filter((node) => node.role === 'master' && node.alive);
      for (const master of masters) {
        // A master that does not serve the key's slot answers MOVED.
        if (
          await command(master.port, 'EXISTS', key).then(
            () => true,
            () => false,
          )
        )
          return master.port;
      }
      throw new Error(`no master serves ${key}`);
    },
    async keysPerMaster() {
      const masters = (await fixture.nodes()).filter((node) => node.role === 'master' && node.alive);
      const counts = new Map<number, number>();
      for (const master of masters) counts.set(master.port, Number(await command(master.port, 'DBSIZE')));
      return counts;
    },
    async kill(port) {
      const child = children.get(port);
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    async waitUntilHealthy(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ports = living().map(([port]) => port);
        if ((await healthy(ports)) && (await mastersAreLiving(ports))) return;
        if (Date.now() > deadline) throw new Error(`the Redis Cluster was not healthy within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      const exits = living().map(([, child]) => new Promise((resolve) => child.once('exit', resolve)));
      for (const [, child] of living()) child.kill('SIGKILL');
      await Promise.all(exits);
      cleanUp();
      process.off('exit', cleanUp);
    },
  };
  await fixture.waitUntilHealthy();
  await replicasInSync(fixture);
  return fixture;
}

/** Waits until every replica's link to its master is up, so a master killed from now on can be replaced. */
async function replicasInSync(fixture: RedisClusterFixture, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const replicas = (await fixture.nodes()).filter((node) => node.role === 'replica');
  for (const replica of replicas) {
    while (!(await command(replica.port, 'INFO', 'replication')).includes('master_link_status:up')) {
      if (Date.now() > deadline) throw new Error(`replica ${replica.port} did not sync within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Each running node sees three masters, none flagged failing, all of them running. */
async function mastersAreLiving(ports: number[]): Promise<boolean> {
  try {
    for (const port of ports) {
      const masters = (await command(port, 'CLUSTER', 'NODES'))
        .trim()
        .split('\n')
        .map((line) => line.split(' '))
        .filter(([, , flags = '']) => flags.includes('master'));
      const sound = masters.filter(([, address = '', flags = '']) => {
        const masterPort = Number(address.split('@')[0]?.split(':')[1]);
        return !flags.includes('fail') && ports.includes(masterPort);
      });
      if (masters.filter(([, , flags = '']) => !flags.includes('fail')).length !== 3 || sound.length !== 3)
        return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** Every given node says `cluster_state:ok`, and all slots are served by masters that are up. */
async function healthy(ports: number[]): Promise<boolean> {
  try {
    for (const port of ports) {
      const info = await command(port, 'CLUSTER', 'INFO');
      if (!info.includes('cluster_state:ok') || !info.includes('cluster_slots_ok:16384')) return false;
    }
    return true;
  } catch {
    return false;
  }
}

async function command(port: number, ...words: string[]): Promise<string> {
  const redis = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const [name, ...rest] = words as [string, ...string[]];
    return String(await redis.call(name, ...rest));
  } finally {
    redis.disconnect();
  }
}

async function waitForPing(port: number): Promise<void> {
  for (let tries = 0; tries < 300; tries += 1) {
    if (
      await command(port, 'PING').then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not start`);
}

/** Distinct free loopback ports: all are held open at once, so no two of them are the same. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer();
          server.on('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
