import type { PGlite } from '@electric-sql/pglite';

/** The parts of PGlite's module the statements use, passed in: it is loaded on first use (create-pglite-database.ts). */
export interface PgliteProtocol {
  protocol: typeof import('@electric-sql/pglite').protocol;
  parse: typeof import('@electric-sql/pglite').parse;
}

type Serializer = (value: unknown) => string;

interface PreparedStatement {
  name: string;
  parameterTypes: number[];
}

/** How many statements stay prepared; the least recently used beyond that is closed. */
const MAX_PREPARED = 64;

/**
 * Runs statements in a transaction as named prepared statements of PGlite's one session: each text is parsed, analysed
 * and its parameters' types described once, then every run is one bind, describe, execute and sync, in one call into
 * PostgreSQL. PGlite's `query` sends parse, describe, bind, describe, execute and sync in six calls and parses and plans
 * the text every time: about half of each request-log statement's cost in a batch of 20 (BENCHMARKS.md, 2026-12-07
 * 10:21–11:20 UTC notes). Parameters are serialized by type as `query` serializes them. PostgreSQL re-plans a prepared
 * statement whose tables change (a migration, a new day partition).
 */
export class PglitePreparedStatements {
  private readonly prepared = new Map<string, PreparedStatement>();
  private sequence = 0;

  constructor(
    private readonly database: PGlite,
    private readonly module: PgliteProtocol,
    private readonly serializers: Record<number, Serializer>,
  ) {}

  /** Runs `sql` inside the caller's transaction (PGlite's transaction lock held), returning its rows. */
  query<Row>(sql: string, params: readonly unknown[]): Promise<{ rows: Row[] }> {
    return this.database.runExclusive(async () => {
      const statement = this.prepared.get(sql) ?? (await this.prepare(sql));
      // Least recently used last out: a Map iterates in insertion order.
      this.prepared.delete(sql);
      this.prepared.set(sql, statement);
      const { serialize } = this.module.protocol;
      const values = params.map((value, index) => {
        if (value === null || value === undefined) return null;
        const type = statement.parameterTypes[index] ?? 0;
        const serializer = this.serializers[type] ?? this.database.serializers[type];
        return serializer ? serializer(value) : String(value);
      });
      const { messages } = await this.database.execProtocol(
        concat([
          serialize.bind({ statement: statement.name, values }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ]),
        { syncToFs: false },
      );
      const [result] = this.module.parse.parseResults(messages, this.database.parsers);
      return { rows: (result?.rows ?? []) as Row[] };
    });
  }

  private async prepare(sql: string): Promise<PreparedStatement> {
    const { serialize } = this.module.protocol;
    this.sequence += 1;
    const name = `sluice_${this.sequence}`;
    const close = this.prepared.size >= MAX_PREPARED ? this.prepared.entries().next().value : undefined;
    if (close !== undefined) this.prepared.delete(close[0]);
    const { messages } = await this.database.execProtocol(
      concat([
        ...(close === undefined ? [] : [serialize.close({ type: 'S', name: close[1].name })]),
        serialize.parse({ name, text: sql }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    return { name, parameterTypes: this.module.parse.parseDescribeStatementResults(messages) };
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
