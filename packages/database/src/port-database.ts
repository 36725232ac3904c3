import type { MessagePort } from 'node:worker_threads';
import { UnavailableError } from '@sluice/errors';
import { compactBinaryValue, restoreBuffers } from './binary-values';
import {
  type DatabaseReply,
  DatabaseReplySchema,
  type DatabaseRequest,
  MessageIdSchema,
} from './database-port-messages';
import { PortedDatabaseError } from './ported-database-error';
import type { DatabaseKind, QueryResult, SqlDatabase, SqlExecutor } from './sql-database';

type WithoutId<Message> = Message extends unknown ? Omit<Message, 'id'> : never;
type Request = WithoutId<DatabaseRequest>;

interface Pending {
  resolve: (reply: Extract<DatabaseReply, { ok: true }>) => void;
  reject: (error: Error) => void;
}

/**
 * The database of another thread, used through a MessagePort that `serveDatabase` answers there. `kind` is
 * the served database's kind, passed along with the port by its owner; it defaults to embedded PGlite, the
 * one database a process shares between threads (PostgreSQL is opened by each thread). The port is unref'd
 * while idle, so it never keeps the process alive, and ref'd while a request waits for its answer. Closing
 * it closes only the port: the database belongs to the thread that serves it.
 */
export class PortDatabase implements SqlDatabase {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly port: MessagePort,
    readonly kind: DatabaseKind = 'pglite',
  ) {
    port.on('message', (message: unknown) => this.settle(message));
    port.once('close', () => this.failAll('the database thread closed its port'));
    port.unref();
  }

  query<Row = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    return this.runQuery<Row>(sql, params, undefined);
  }

  exec(sql: string): Promise<void> {
    return this.runExec(sql, undefined);
  }

  async transaction<T>(work: (transaction: SqlExecutor) => Promise<T>): Promise<T> {
    const transactionId = this.nextId++;
    await this.send({ type: 'begin', transactionId });
    let result: T;
    try {
      result = await work({
        query: <Row>(sql: string, params: readonly unknown[] = []) => this.runQuery<Row>(sql, params, transactionId),
        exec: (sql: string) => this.runExec(sql, transactionId),
      });
    } catch (error) {
      await this.send({ type: 'rollback', transactionId }).catch(() => undefined);
      throw error;
    }
    await this.send({ type: 'commit', transactionId });
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.failAll('the database port is closed');
    this.port.close();
  }

  private async runQuery<Row>(
    sql: string,
    params: readonly unknown[],
    transactionId: number | undefined,
  ): Promise<QueryResult<Row>> {
    const reply = await this.send({ type: 'query', sql, params: params.map(compactBinaryValue), transactionId });
    const rows = reply.rows ?? [];
    if (this.kind === 'postgres') restoreBuffers(rows);
    return { rows: rows as Row[] };
  }

  private async runExec(sql: string, transactionId: number | undefined): Promise<void> {
    await this.send({ type: 'exec', sql, transactionId });
  }

  private send(request: Request): Promise<Extract<DatabaseReply, { ok: true }>> {
    if (this.closed) return Promise.reject(new UnavailableError('The database is unavailable: its port is closed.'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.port.postMessage({ ...request, id });
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.port.ref();
    });
  }

  private settle(message: unknown): void {
    const parsed = DatabaseReplySchema.safeParse(message);
    const id = parsed.success ? parsed.data.id : MessageIdSchema.safeParse(message).data?.id;
    const pending = id === undefined ? undefined : this.pending.get(id);
    if (id === undefined || pending === undefined) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.port.unref();
    if (!parsed.success) pending.reject(new Error(`malformed reply from the database thread: ${parsed.error.message}`));
    else if (parsed.data.ok) pending.resolve(parsed.data);
    else pending.reject(new PortedDatabaseError(parsed.data.error));
  }

  private failAll(reason: string): void {
    this.closed = true;
    const error = new UnavailableError(`The database is unavailable: ${reason}.`);
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.port.unref();
  }
}
