import type { MessagePort } from 'node:worker_threads';
import { compactBinaryRows } from './binary-values';
import {
  type DatabaseReply,
  type DatabaseRequest,
  DatabaseRequestSchema,
  MessageIdSchema,
} from './database-port-messages';
import { toPortedError } from './ported-database-error';
import { beginServedTransaction, type ServedTransaction } from './served-transaction';
import type { SqlDatabase, SqlExecutor } from './sql-database';

export interface DatabaseServer {
  /** Stops answering, rolls back the client's open transactions and closes the port (not the database). */
  close(): void;
}

/**
 * Answers a PortDatabase's requests arriving on `port` with `database`, which stays owned by the caller.
 * Requests run as they arrive, so several clients (one port each) interleave as the engine allows: PGlite
 * serialises them, a PostgreSQL pool runs them side by side. The port stays ref'd while served, keeping the
 * database's thread alive. When the client's side closes, its open transactions are rolled back.
 */
export function serveDatabase(database: SqlDatabase, port: MessagePort): DatabaseServer {
  const server = new PortDatabaseServer(database, port);
  const receive = (message: unknown) => server.receive(message);
  port.on('message', receive);
  port.once('close', () => server.stop());
  return {
    close() {
      server.stop();
      port.off('message', receive);
      port.close();
    },
  };
}

interface OpenTransaction {
  served: ServedTransaction;
  /** Set once the transaction has begun. */
  executor?: SqlExecutor;
}

class PortDatabaseServer {
  private readonly transactions = new Map<number, OpenTransaction>();
  private closed = false;

  constructor(
    private readonly database: SqlDatabase,
    private readonly port: MessagePort,
  ) {}

  receive(message: unknown): void {
    const parsed = DatabaseRequestSchema.safeParse(message);
    if (parsed.success) {
      void this.answer(parsed.data);
      return;
    }
    const id = MessageIdSchema.safeParse(message);
    if (id.success) {
      const reason = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      const error = { name: 'Error', message: `malformed database request: ${reason}` };
      this.reply({ id: id.data.id, ok: false, error });
    }
  }

  /** Answers nothing more and rolls back the open transactions. */
  stop(): void {
    this.closed = true;
    for (const { served } of this.transactions.values()) served.finish('rollback').catch(() => undefined);
    this.transactions.clear();
  }

  private async answer(request: DatabaseRequest): Promise<void> {
    try {
      this.reply(await this.run(request));
    } catch (error) {
      this.reply({ id: request.id, ok: false, error: toPortedError(error) });
    }
  }

  private async run(request: DatabaseRequest): Promise<DatabaseReply> {
    switch (request.type) {
      case 'query': {
        const { rows } = await this.executor(request.transactionId).query(request.sql, request.params);
        compactBinaryRows(rows);
        return { id: request.id, ok: true, rows };
      }
      case 'exec':
        await this.executor(request.transactionId).exec(request.sql);
        return { id: request.id, ok: true };
      case 'begin':
        await this.begin(request.transactionId);
        return { id: request.id, ok: true };
      case 'commit':
      case 'rollback':
        await this.take(request.transactionId).finish(request.type);
        return { id: request.id, ok: true };
    }
  }

  private async begin(transactionId: number): Promise<void> {
    if (this.closed) throw new Error('the database server is closed');
    if (this.transactions.has(transactionId)) throw new Error(`transaction ${transactionId} is already open`);
    const entry: OpenTransaction = { served: beginServedTransaction(this.database) };
    this.transactions.set(transactionId, entry);
    try {
      entry.executor = await entry.served.started;
    } catch (error) {
      this.transactions.delete(transactionId);
      throw error;
    }
  }

  private executor(transactionId: number | undefined): SqlExecutor {
    if (transactionId === undefined) return this.database;
    const executor = this.transactions.get(transactionId)?.executor;
    if (executor === undefined) throw new Error(`transaction ${transactionId} is not open`);
    return executor;
  }

  private take(transactionId: number): ServedTransaction {
    const entry = this.transactions.get(transactionId);
    if (entry === undefined) throw new Error(`transaction ${transactionId} is not open`);
    this.transactions.delete(transactionId);
    return entry.served;
  }

  private reply(reply: DatabaseReply): void {
    if (this.closed) return;
    try {
      this.port.postMessage(reply);
    } catch (error) {
      this.port.postMessage({ id: reply.id, ok: false, error: toPortedError(error) } satisfies DatabaseReply);
    }
  }
}
