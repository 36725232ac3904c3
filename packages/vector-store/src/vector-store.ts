/** A JSON value, as a payload may hold it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What a record carries besides its vector: returned with every match. */
export type VectorPayload = { [key: string]: JsonValue };

export interface VectorRecord {
  /** Any string; upserting an existing id replaces that record (and may move it to another scope). */
  id: string;
  vector: readonly number[];
  /** An exact-match partition key: a search only ever sees records of its own scope. */
  scope: string;
  payload: VectorPayload;
  /** Epoch milliseconds; from then on the record is never returned, and `deleteExpired` removes it. */
  expiresAt: number;
}

export interface VectorQuery {
  vector: readonly number[];
  scope: string;
  /** How many matches at most, best first. */
  limit: number;
  /** Cosine similarity a match must reach (inclusive); default: no floor. */
  minScore?: number;
}

export interface VectorMatch {
  id: string;
  /** Cosine similarity in [-1, 1]. */
  score: number;
  payload: VectorPayload;
}

/**
 * A store of vectors searched by cosine similarity within one exact-match scope, with expiry.
 * Every implementation passes the same contract suite (`describeVectorStoreContract`).
 */
export interface VectorStore {
  readonly kind: 'embedded' | 'qdrant';
  readonly dimensions: number;
  /** Creates or loads the collection and starts the background sweep. Idempotent; other calls run it first. */
  ensureCollection(): Promise<void>;
  upsert(records: VectorRecord | readonly VectorRecord[]): Promise<void>;
  /** Live (unexpired) records of the scope, best first, at most `limit`, none below `minScore`. */
  search(query: VectorQuery): Promise<VectorMatch[]>;
  delete(ids: readonly string[]): Promise<void>;
  /** Removes every record whose `expiresAt` is at or before `now`; resolves to how many went. */
  deleteExpired(now: number): Promise<number>;
  /** Records held, expired ones not yet swept included. */
  count(): Promise<number>;
  /** Stops the sweep, persists what must be, and releases resources. */
  close(): Promise<void>;
}

/** The pino-compatible slice of a logger a store reports to. */
export interface VectorStoreLogger {
  warn(details: object, message: string): void;
}
