/**
 * Structured clone copies a typed array's whole underlying buffer, and a small Buffer is a view on Node's
 * shared 8 KiB pool, so a 3-byte bytea would cross the port as 8 KiB. Values are compacted to their own
 * bytes before posting; a Buffer arrives as a plain Uint8Array, which pg and PGlite both send as bytea.
 */
export function compactBinaryValue(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    return value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : new Uint8Array(value);
  }
  if (Array.isArray(value)) return value.map(compactBinaryValue);
  return value;
}

/** Compacts the binary values of rows about to be posted, in place (the rows are the driver's fresh copies). */
export function compactBinaryRows(rows: Record<string, unknown>[]): void {
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (value instanceof Uint8Array || Array.isArray(value)) row[key] = compactBinaryValue(value);
    }
  }
}

/** pg returns bytea as a Buffer, which the port turned into a Uint8Array: views it as a Buffer again. */
export function restoreBuffers(rows: Record<string, unknown>[]): void {
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (value instanceof Uint8Array || Array.isArray(value)) row[key] = toBuffer(value);
    }
  }
}

function toBuffer(value: unknown): unknown {
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  if (Array.isArray(value)) return value.map(toBuffer);
  return value;
}
