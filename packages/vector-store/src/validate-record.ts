import type { VectorQuery, VectorRecord } from './vector-store';
import { VectorStoreError } from './vector-store-error';

/** Rejects a record no implementation could store faithfully. */
export function validateRecord(record: VectorRecord): void {
  if (typeof record.id !== 'string' || record.id.length === 0) {
    throw new VectorStoreError({ code: 'invalid_record', message: 'A vector record needs a non-empty string id.' });
  }
  if (typeof record.scope !== 'string') {
    throw new VectorStoreError({ code: 'invalid_record', message: `Record ${record.id} needs a string scope.` });
  }
  if (!Number.isFinite(record.expiresAt)) {
    throw new VectorStoreError({
      code: 'invalid_record',
      message: `Record ${record.id} needs a finite expiresAt (epoch ms).`,
    });
  }
}

/** Rejects a query with a limit that is not a positive integer. */
export function validateQuery(query: VectorQuery): void {
  if (!Number.isInteger(query.limit) || query.limit < 1) {
    throw new VectorStoreError({ code: 'invalid_record', message: 'A vector search needs a positive integer limit.' });
  }
}

/** One record or many, as an array. */
export function asRecordList(records: VectorRecord | readonly VectorRecord[]): readonly VectorRecord[] {
  return Array.isArray(records) ? records : [records as VectorRecord];
}
