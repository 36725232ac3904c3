import type { CompletionEvent, EventBodiesText } from '@sluice/queues';
import { compareKeys } from './compare-keys';
import type { RowsToInsert } from './insert-row-objects';
import type { CopyRow } from './request-log-copy';
import type { ComputedFields } from './request-log-row';
import type { RollupInput } from './rollups/rollup-deltas';
import { rollupInput } from './rollups/rollup-input';

/** A request written now (not a redelivery), with what the writer computed for it. */
export interface StoredRequest {
  event: CompletionEvent;
  computed: ComputedFields;
  /** The event's bodies as the JSON text they travelled as (ConsumedEvent), stored without being parsed. */
  bodiesText?: EventBodiesText;
}

/**
 * A request made ready to store as it is read (RequestLogWriter.prepareRequest): its row as COPY text and what it adds
 * to the rollups, without the parsed event — which the garbage collector can then free young, where an import's batch
 * of parsed records outlived several scavenges and was promoted. The writer stores it as the request it came from,
 * except that storeRequests does not return it among the requests stored.
 */
export interface PreparedRequest {
  copy: CopyRow;
  rollup: RollupInput;
}

/** What storeRequests takes. */
export type RequestToStore = StoredRequest | PreparedRequest;

export const isPrepared = (request: RequestToStore): request is PreparedRequest => 'copy' in request;

// The callbacks of a batch's array methods are declared once here, not as literals in the writer's methods: V8 drops the
// optimised code of a function literal once no closure of it is alive, and the logger compiled each such callback
// again batch after batch (BENCHMARKS.md, 2026-12-07 20:16–20:58 UTC notes).
export const isUnprepared = (request: RequestToStore): request is StoredRequest => !isPrepared(request);

export const rollupOf = (request: RequestToStore): RollupInput =>
  isPrepared(request) ? request.rollup : rollupInput(request.event, request.computed);

export const byId = ([a]: [string, RequestToStore], [b]: [string, RequestToStore]): number => compareKeys(a, b);

export const requestOfEntry = ([, request]: [string, RequestToStore]): RequestToStore => request;

/** The id a request is stored (and rejected) by. */
export function idOfRequest(request: RequestToStore): string {
  return isPrepared(request) ? request.copy.id : request.event.id;
}

/** A time as the log stores it (to the millisecond in UTC), or undefined when it is none. */
export function canonicalTime(text: string): string | undefined {
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The request with created_at given; most records already say it so, and need no copy. */
export function withCreatedAt(request: StoredRequest, createdAt: string): StoredRequest {
  return createdAt === request.event.created_at
    ? request
    : { ...request, event: { ...request.event, created_at: createdAt } };
}

/** A chunk's COPY rows in its order: the prepared ones' own, the others' from `copies` (made of them, in that order). */
export function withPrepared(chunk: readonly RequestToStore[], copies: readonly CopyRow[]): RowsToInsert {
  let next = 0;
  return { copyRows: chunk.map((request) => (isPrepared(request) ? request.copy : (copies[next++] as CopyRow))) };
}
