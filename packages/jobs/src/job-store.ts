import { InvalidRequestError, UnavailableError } from '@sluice/errors';
import { type HashTag, type RedisClient, waitForReplica } from '@sluice/queues';
import { type JobKeys, jobKeys } from './job-keys';
import {
  JOB_STATUSES,
  type JobRecord,
  JobRecordSchema,
  type JobSettlement,
  type JobStatus,
  JobStatusSchema,
  type NewJob,
} from './job-record';
import { INDEX_JOB, TRANSITION_JOB } from './job-scripts';
import { newJobFields, newJobRecord } from './new-job-record';

export interface JobStoreOptions {
  redis: RedisClient;
  /** The catalog's `jobKeys` prefix. */
  keyPrefix: string;
  /** The catalog's `hashTag`. */
  hashTag: HashTag;
  retentionS: number;
  now?: () => number;
}

/** What a status change found: the record was gone, it moved (from `previous`), or it stayed in `current`. */
export type Transition =
  | { kind: 'missing' }
  | { kind: 'moved'; previous: JobStatus }
  | { kind: 'unchanged'; current: JobStatus };

export interface JobListQuery {
  owner: string;
  status?: JobStatus | undefined;
  limit: number;
  after?: string | undefined;
}

/**
 * Async job records in Redis: one hash per job, kept for the retention period, with sorted-set indexes (all jobs
 * and per status) for listing. Every status change is one Lua script on the record, so a late result never
 * overwrites a cancel; the owner's indexes follow it (another hash tag on a cluster), and a listing shows each job as
 * its record says.
 */
export class JobStore {
  readonly keys: JobKeys;
  private readonly now: () => number;

  constructor(private readonly options: JobStoreOptions) {
    this.keys = jobKeys(options.keyPrefix, options.hashTag);
    this.now = options.now ?? Date.now;
  }

  /**
   * Creates the record; with an idempotency key already used, returns that job's id and `created: false`. The record
   * is written before the key is claimed, so a job an idempotency key names always has its record; on a cluster it
   * is on a replica before this returns.
   */
  async create(job: NewJob, idempotencyKey?: string): Promise<{ id: string; created: boolean }> {
    const { redis, retentionS } = this.options;
    const record = this.keys.record(job.id);
    const fields = newJobFields(newJobRecord(job));
    await this.guard(redis.multi().hset(record, fields).expire(record, retentionS).exec());
    if (idempotencyKey !== undefined) {
      const existing = await this.claimIdempotencyKey(this.keys.idempotency(`${job.owner}:${idempotencyKey}`), job.id);
      if (existing !== job.id) {
        await this.guard(redis.del(record));
        return { id: existing, created: false };
      }
    }
    await this.index(job.id, job.owner, 'queued', job.createdAt);
    await this.guard(waitForReplica(redis, [record]));
    return { id: job.id, created: true };
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const hash = await this.guard(this.options.redis.hgetall(this.keys.record(id)));
    return parseRecord(hash);
  }

  /** Newest first; `after` is the id of the last job of the previous page. */
  async list(query: JobListQuery): Promise<{ records: JobRecord[]; hasMore: boolean }> {
    const index = this.keys.index(query.owner, query.status ?? 'all');
    let start = 0;
    if (query.after !== undefined) {
      const rank = await this.guard(this.options.redis.zrevrank(index, query.after));
      if (rank === null)
        throw new InvalidRequestError(`after: no job "${query.after}" in this list (it may have expired)`, {
          param: 'after',
        });
      start = rank + 1;
    }
    const ids = await this.guard(this.options.redis.zrevrange(index, start, start + query.limit));
    const page = ids.slice(0, query.limit);
    const hashes = await Promise.all(page.map((id) => this.guard(this.options.redis.hgetall(this.keys.record(id)))));
    // An index entry whose move was lost (a process died between the record and the index) shows as its record says.
    const records = hashes
      .map(parseRecord)
      .filter((record): record is JobRecord => record !== undefined)
      .filter((record) => query.status === undefined || record.status === query.status);
    return { records, hasMore: ids.length > query.limit };
  }

  /** queued → running (stamping started_at); a job already running (a later plan step, a rerun) stays so. */
  markRunning(id: string): Promise<Transition> {
    return this.transition(id, ['queued'], 'running', { started_at: String(this.now()) }, false);
  }

  /** queued|running → succeeded|failed with the outcome; false when the job was cancelled or settled before. */
  async settle(id: string, settlement: JobSettlement): Promise<boolean> {
    const fields: Record<string, string> = {
      completed_at: String(settlement.completedAt),
      attempts: JSON.stringify(settlement.attempts),
    };
    if (settlement.result !== undefined) fields.result = settlement.result;
    if (settlement.error !== undefined) fields.error = JSON.stringify(settlement.error);
    if (settlement.usage !== undefined) fields.usage = JSON.stringify(settlement.usage);
    if (settlement.costUsd !== undefined) fields.cost_usd = String(settlement.costUsd);
    if (settlement.provider !== undefined) fields.provider = settlement.provider;
    if (settlement.model !== undefined) fields.model = settlement.model;
    const transition = await this.transition(id, ['queued', 'running'], settlement.status, fields, true);
    return transition.kind === 'moved';
  }

  /** queued|running → cancelled. */
  cancel(id: string): Promise<Transition> {
    return this.transition(id, ['queued', 'running'], 'cancelled', { completed_at: String(this.now()) }, true);
  }

  async markWebhookEnqueued(id: string): Promise<void> {
    await this.options.redis.hset(this.keys.record(id), 'webhook_enqueued', '1');
  }

  /** Removes a record whose job could not be enqueued (the client was told so, never given its id). */
  async remove(job: { id: string; owner: string }, idempotencyKey?: string): Promise<void> {
    const { redis } = this.options;
    await redis.del(this.keys.record(job.id));
    await redis
      .multi()
      .zrem(this.keys.index(job.owner, 'all'), job.id)
      .zrem(this.keys.index(job.owner, 'queued'), job.id)
      .exec();
    if (idempotencyKey !== undefined) await redis.del(this.keys.idempotency(`${job.owner}:${idempotencyKey}`));
  }

  private async transition(
    id: string,
    from: JobStatus[],
    to: JobStatus,
    fields: Record<string, string>,
    terminal: boolean,
  ): Promise<Transition> {
    const args = [
      id,
      `,${from.join(',')},`,
      to,
      terminal ? this.options.retentionS : 0,
      terminal ? this.keys.settledChannel : '',
      ...Object.entries(fields).flat(),
    ];
    const reply = (await this.guard(TRANSITION_JOB.run(this.options.redis, [this.keys.record(id)], args))) as string[];
    const [kind, status, created, owner] = reply;
    if (kind === undefined) return { kind: 'missing' };
    if (kind === 'unchanged') return { kind: 'unchanged', current: JobStatusSchema.parse(status) };
    await this.index(id, owner ?? '_', to, Number(created));
    return { kind: 'moved', previous: JobStatusSchema.parse(status) };
  }

  /** Files the job under `status` in its owner's indexes (INDEX_JOB). */
  private async index(id: string, owner: string, status: JobStatus, createdAt: number): Promise<void> {
    const keys = [this.keys.index(owner, 'all'), ...JOB_STATUSES.map((each) => this.keys.index(owner, each))];
    const args = [id, JOB_STATUSES.indexOf(status) + 2, createdAt, this.cutoff()];
    await this.guard(INDEX_JOB.run(this.options.redis, keys, args));
  }

  /** Claims the key for `id`, or returns the id that holds it (claiming it again if it lapsed in between). */
  private async claimIdempotencyKey(key: string, id: string): Promise<string> {
    const { redis, retentionS } = this.options;
    for (;;) {
      if ((await this.guard(redis.set(key, id, 'EX', retentionS, 'NX'))) === 'OK') return id;
      const holder = await this.guard(redis.get(key));
      if (holder !== null) return holder;
    }
  }

  private cutoff(): number {
    return this.now() - this.options.retentionS * 1000;
  }

  private async guard<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise;
    } catch (error) {
      throw new UnavailableError('the job store (Redis) is unreachable; try again shortly', error);
    }
  }
}

function parseRecord(hash: Record<string, string>): JobRecord | undefined {
  if (Object.keys(hash).length === 0) return undefined;
  const parsed = JobRecordSchema.safeParse(hash);
  return parsed.success ? parsed.data : undefined;
}
