import { createHash } from 'node:crypto';

/**
 * Qdrant point ids are unsigned integers or UUIDs (ExtendedPointId in its OpenAPI spec), so a
 * record id maps to a UUID (version 8, the custom layout) from the first 16 bytes of its SHA-256.
 * The record id itself travels in the payload.
 */
export function qdrantPointId(recordId: string): string {
  const bytes = createHash('sha256').update(recordId).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
