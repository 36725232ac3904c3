import { connectRedis, ensureRedisReachable, type RedisClient, type RedisTarget } from '@sluice/queues';

/**
 * The Redis connections of one thread (or process), opened by its composition root and handed to the services it
 * starts: a connection cannot cross threads, so each thread's root opens its own. `command` is shared by every service
 * (fails fast, auto-pipelined). `queues` is BullMQ's producers' (the provider queues, the webhook queue): BullMQ
 * defines its ~50 scripts on the connection it is given, and ioredis copies every script defined on a connection into
 * each auto-pipelined batch it sends — ~20 µs of CPU a batch (BENCHMARKS.md, 2026-12-07 notes) that every command of
 * the other services would pay on a shared connection. Each consumer that waits on Redis — a subscription, a blocking
 * stream read, the base connection BullMQ's workers duplicate their blocking clients from — gets a `blocking`
 * connection of its own, since a connection that waits serves nobody else. A `blocking` connection connects on first
 * use, so one handed to a consumer the configuration leaves idle never opens a socket. `close` disconnects every one,
 * once the services stopped (a consumer may disconnect its own earlier, to end a wait at stop).
 */
export class RedisConnectionSet {
  readonly command: RedisClient;
  readonly queues: RedisClient;
  private readonly opened: RedisClient[] = [];

  constructor(private readonly target: RedisTarget) {
    this.command = this.open('command');
    this.queues = this.open('command');
  }

  /**
   * Connects `command` and `queues` and checks Redis answers on each, or throws UnavailableError naming the variable
   * to set. Both connect at start: BullMQ sends its first commands without waiting for a cluster client to be ready,
   * which a connection that fails fast refuses.
   */
  async ensureReachable(): Promise<void> {
    await Promise.all([this.command, this.queues].map((redis) => ensureRedisReachable(redis, this.target)));
  }

  /** A dedicated connection for one consumer that waits on Redis. */
  blocking(): RedisClient {
    return this.open('blocking');
  }

  close(): void {
    for (const connection of this.opened) connection.disconnect();
  }

  private open(role: 'command' | 'blocking'): RedisClient {
    const connection = connectRedis(this.target, role);
    this.opened.push(connection);
    return connection;
  }
}
