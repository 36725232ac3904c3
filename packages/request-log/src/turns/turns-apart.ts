import type { SqlDatabase } from '@sluice/database';
import { compareKeys } from '../compare-keys';
import { canonicalDay } from '../partitions/partition-day';
import { BODIES_TEXT } from '../request-log-row';
import { bodiesBytes } from '../rows-parameters';
import type { KnownTurns, TurnInDay } from './known-turns';
import { mayHaveTurnsApart, splitTurns, TURNS_OF_BODY } from './split-turns';
import type { TurnDigests } from './turn-digests';

const REQUEST_BODIES = Object.keys(TURNS_OF_BODY) as (keyof typeof TURNS_OF_BODY)[];

/** A turn to insert into request_log_turns: one not known stored in its day's partition. */
export interface NewTurn extends TurnInDay {
  /** The day and the hash, by which new turns are told apart and ordered. */
  key: string;
  bytes: Buffer;
}

export interface RowsWithTurnsApart {
  /** The rows, each one's bodies as JSON bytes (BODIES_TEXT), earlier turns taken out where it has them. */
  rows: Record<string | symbol, unknown>[];
  /** The turns those rows name that are not known stored, once each, in key order (so concurrent inserts agree). */
  turns: NewTurn[];
}

/**
 * Takes each row's earlier turns out of its bodies (splitTurns): a turn of the row's day that `known` holds is named
 * by its hash only, any other is also returned to be inserted (INSERT_TURNS_SQL) in the same transaction as the rows.
 */
export function turnsApart(
  rows: readonly Record<string | symbol, unknown>[],
  known: KnownTurns,
  digests: TurnDigests,
): RowsWithTurnsApart {
  const turns = new Map<string, NewTurn>();
  // A loop over a function of the module, not a callback literal: V8 drops a function literal's optimised code once no
  // closure of it is alive, and the logger compiled this one again batch after batch, ~8 ms each time for agent rows
  // (BENCHMARKS.md, 2026-12-07 20:16–20:58 UTC notes).
  const split: Record<string | symbol, unknown>[] = [];
  for (const row of rows) split.push(rowApart(row, known, digests, turns));
  return { rows: split, turns: [...turns.values()].sort((a, b) => compareKeys(a.key, b.key)) };
}

/** One row with its earlier turns taken out, the turns to insert added to `turns`. */
function rowApart(
  row: Record<string | symbol, unknown>,
  known: KnownTurns,
  digests: TurnDigests,
  turns: Map<string, NewTurn>,
): Record<string | symbol, unknown> {
  if (!mayTakeTurnsApart(row)) return row;
  const bodies = bodiesBytes(row);
  if (bodies === undefined) return row;
  const parts = splitTurns(bodies, { digests });
  if (parts === undefined) return { ...row, [BODIES_TEXT]: bodies };
  // created_at is canonical in the writer's rows (RequestLogWriter.storeRequests).
  const day = canonicalDay(String(row.created_at));
  for (const { hash, start, end } of parts.turns) {
    if (known.has({ day, hash })) continue;
    const key = `${day}:${hash}`;
    if (!turns.has(key)) turns.set(key, { key, day, hash, bytes: bodies.subarray(start, end) });
  }
  return { ...row, [BODIES_TEXT]: parts.bodies };
}

/**
 * Whether turnsApart may change a row: not when its bodies are held as values (an import, writeBatch) with nothing to
 * split, which stay so — COPY and rowsParameters serialise each as they would anyway, where its bytes here would cost
 * a serialisation, a scan and a copy of the row.
 */
export function mayTakeTurnsApart(row: Record<string | symbol, unknown>): boolean {
  return row[BODIES_TEXT] !== undefined || REQUEST_BODIES.some((body) => mayHaveTurnsApart(row[body]));
}

/** Turns into request_log_turns from one jsonb parameter (turnsParameter); a turn its day already holds is skipped. */
export const INSERT_TURNS_SQL = `
  INSERT INTO request_log_turns (day, hash, turn)
  SELECT (turn ->> 0)::date, decode(turn ->> 1, 'hex'), turn -> 2 FROM jsonb_array_elements($1::jsonb) AS turn
  ON CONFLICT (day, hash) DO NOTHING`;

const JSONB_VERSION_1 = Buffer.from([1]);

/**
 * INSERT_TURNS_SQL's parameter, `[[day, hash (hex), turn], …]`, the turns spliced in as the bytes they came as: jsonb's
 * binary format for PGlite, its text for PostgreSQL.
 */
export function turnsParameter(turns: readonly NewTurn[], engine: SqlDatabase['kind']): Buffer | string {
  const parts: Buffer[] = [];
  for (const turn of turns) {
    parts.push(Buffer.from(`${parts.length === 0 ? '[' : ','}["${turn.day}","${turn.hash}",`));
    parts.push(turn.bytes, Buffer.from(']'));
  }
  parts.push(Buffer.from(']'));
  return engine === 'postgres' ? Buffer.concat(parts).toString('utf8') : Buffer.concat([JSONB_VERSION_1, ...parts]);
}
