import type { SqlDatabase } from '@sluice/database';

/** Which partitioned table a partition belongs to. */
export type PartitionedTable = 'request_logs' | 'request_log_bodies' | 'request_log_turns';

export interface DayPartition {
  table: PartitionedTable;
  name: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
}

const PARTITION_NAME = /^(request_logs|request_log_bodies|request_log_turns)_p(\d{4})(\d{2})(\d{2})$/;

const LIST_PARTITIONS_SQL = `
  SELECT child.relname AS name
  FROM pg_inherits
  JOIN pg_class AS child ON child.oid = pg_inherits.inhrelid
  JOIN pg_class AS parent ON parent.oid = pg_inherits.inhparent
  WHERE parent.relname IN ('request_logs', 'request_log_bodies', 'request_log_turns')`;

/**
 * The day partitions of request_logs, request_log_bodies and request_log_turns (docs/request-log.md): created for a
 * day before rows of that day are written (remembered, so a day is created once per process), listed and dropped for
 * retention.
 */
export class RequestLogPartitions {
  private readonly known = new Set<string>();

  constructor(private readonly database: SqlDatabase) {}

  /** Creates the three tables' partitions for each day not yet known to exist. */
  async ensure(days: Iterable<string>): Promise<void> {
    const missing = [...new Set(days)].filter((day) => !this.known.has(day)).sort();
    if (missing.length === 0) return;
    await this.database.transaction(async (transaction) => {
      // Serialises creators: CREATE TABLE IF NOT EXISTS still fails when another session creates it concurrently.
      await transaction.query("SELECT pg_advisory_xact_lock(hashtext('sluice:request_logs:partitions'))");
      await transaction.query('SELECT request_log_create_partitions(day) FROM unnest($1::date[]) AS day', [missing]);
    });
    for (const day of missing) this.known.add(day);
  }

  /** Forgets what exists (after a partition was dropped, or a write found one missing). */
  forget(): void {
    this.known.clear();
  }

  async list(): Promise<DayPartition[]> {
    const { rows } = await this.database.query<{ name: string }>(LIST_PARTITIONS_SQL);
    const partitions: DayPartition[] = [];
    for (const { name } of rows) {
      const match = PARTITION_NAME.exec(name);
      if (match)
        partitions.push({ table: match[1] as PartitionedTable, name, day: `${match[2]}-${match[3]}-${match[4]}` });
    }
    return partitions.sort((a, b) => a.day.localeCompare(b.day) || a.table.localeCompare(b.table));
  }

  /** Drops one partition (a whole day's rows or bodies: a catalogue change, however many rows it holds). */
  async drop(partition: DayPartition): Promise<void> {
    if (!PARTITION_NAME.test(partition.name)) throw new Error(`not a request-log partition: ${partition.name}`);
    await this.database.transaction(async (transaction) => {
      // Wait at most this long for queries reading the table, rather than queue every later query behind the drop.
      await transaction.query("SET LOCAL lock_timeout = '5s'");
      await transaction.query(`DROP TABLE IF EXISTS ${partition.name}`);
    });
    this.known.delete(partition.day);
  }
}
