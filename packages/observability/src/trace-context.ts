import { randomBytes } from 'node:crypto';

/** The trace a request belongs to: the id the log records, and the W3C headers sent upstream. */
export interface TraceContext {
  /** `x-sluice-trace-id` when the client sent one, else the W3C trace id. */
  traceId: string;
  traceparent: string;
  tracestate?: string;
}

export interface TraceHeaders {
  traceparent?: string | undefined;
  tracestate?: string | undefined;
  sluiceTraceId?: string | undefined;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const ALL_ZERO = /^0+$/;
const MAX_TRACESTATE_LENGTH = 512;

/**
 * W3C Trace Context for the upstream call. A valid incoming `traceparent` continues its trace; otherwise a
 * 32-hex `x-sluice-trace-id` becomes the trace id, or a new one is generated. The gateway's own span id is the
 * parent of the upstream call. `tracestate` travels only with a valid `traceparent`, as the spec requires.
 */
export function readTraceContext(
  headers: TraceHeaders,
  randomHex: (bytes: number) => string = secureRandomHex,
): TraceContext {
  const incoming = parseTraceparent(headers.traceparent);
  const explicitId = headers.sluiceTraceId?.trim() || undefined;
  const w3cTraceId =
    incoming?.traceId ??
    (explicitId !== undefined && isTraceId(explicitId.toLowerCase())
      ? explicitId.toLowerCase()
      : randomTraceId(randomHex));
  const flags = incoming?.flags ?? '01';
  const context: TraceContext = {
    traceId: explicitId ?? w3cTraceId,
    traceparent: `00-${w3cTraceId}-${randomSpanId(randomHex)}-${flags}`,
  };
  const tracestate = headers.tracestate?.trim();
  if (incoming && tracestate && tracestate.length <= MAX_TRACESTATE_LENGTH) context.tracestate = tracestate;
  return context;
}

function parseTraceparent(value: string | undefined): { traceId: string; flags: string } | undefined {
  const match = TRACEPARENT.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const [, version, traceId, parentId, flags, rest] = match;
  if (version === undefined || traceId === undefined || parentId === undefined || flags === undefined) return undefined;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(parentId)) return undefined;
  return { traceId, flags };
}

function isTraceId(value: string): boolean {
  return TRACE_ID.test(value) && !ALL_ZERO.test(value);
}

function randomTraceId(randomHex: (bytes: number) => string): string {
  for (;;) {
    const id = randomHex(16);
    if (!ALL_ZERO.test(id)) return id;
  }
}

function randomSpanId(randomHex: (bytes: number) => string): string {
  for (;;) {
    const id = randomHex(8);
    if (!ALL_ZERO.test(id)) return id;
  }
}

const POOL_BYTES = 4_096;
let pool = randomBytes(POOL_BYTES);
let poolOffset = 0;

/** Cryptographically random hex from a pooled buffer: one randomBytes call per 4 KiB, not one per id. */
function secureRandomHex(bytes: number): string {
  if (poolOffset + bytes > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}
