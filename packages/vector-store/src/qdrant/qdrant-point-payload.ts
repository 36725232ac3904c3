import type { VectorPayload, VectorRecord } from '../vector-store';

/** Payload field names Sluice writes on every point; the record's own payload sits under `data`. */
export const SCOPE_FIELD = 'scope';
export const EXPIRES_AT_FIELD = 'expires_at';
const RECORD_ID_FIELD = 'record_id';
const DATA_FIELD = 'data';

/**
 * The stored form of a scope: prefixed, so even an empty scope is a non-empty keyword that
 * Qdrant indexes and matches like any other.
 */
export function storedScope(scope: string): string {
  return `s:${scope}`;
}

/** A point's payload: the scope and expiry as indexed fields, the record id, and the record's payload. */
export function toPointPayload(record: VectorRecord): Record<string, unknown> {
  return {
    [SCOPE_FIELD]: storedScope(record.scope),
    [EXPIRES_AT_FIELD]: Math.floor(record.expiresAt),
    [RECORD_ID_FIELD]: record.id,
    [DATA_FIELD]: record.payload,
  };
}

/** The record id and payload of a point Sluice wrote; undefined for anything else. */
export function fromPointPayload(payload: unknown): { id: string; payload: VectorPayload } | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const fields = payload as Record<string, unknown>;
  const id = fields[RECORD_ID_FIELD];
  const data = fields[DATA_FIELD];
  if (typeof id !== 'string' || typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  return { id, payload: data as VectorPayload };
}
