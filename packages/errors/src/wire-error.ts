import { type ErrorType, SluiceError } from './sluice-error';
import { UpstreamError, type UpstreamFailureKind } from './upstream-error';

/** A SluiceError flattened for a job record or a reply message, and restored on the other side. */
export interface WireError {
  message: string;
  code: string;
  status: number;
  type: string;
  param: string | null;
  retryable: boolean;
  retryAfterMs?: number;
  kind?: UpstreamFailureKind;
}

export function toWireError(error: SluiceError): WireError {
  const wire: WireError = {
    message: error.message,
    code: error.code,
    status: error.status,
    type: error instanceof UpstreamError ? error.upstreamType : error.type,
    param: error.param,
    retryable: error.retryable,
  };
  if (error.retryAfterMs !== undefined) wire.retryAfterMs = error.retryAfterMs;
  if (error instanceof UpstreamError) wire.kind = error.kind;
  return wire;
}

export function fromWireError(wire: WireError): SluiceError {
  if (wire.kind) {
    return new UpstreamError({
      message: wire.message,
      kind: wire.kind,
      status: wire.status,
      code: wire.code,
      type: wire.type,
      param: wire.param,
      retryable: wire.retryable,
      retryAfterMs: wire.retryAfterMs,
    });
  }
  return new SluiceError({
    message: wire.message,
    code: { relayed: wire.code },
    status: wire.status,
    type: wire.type as ErrorType,
    param: wire.param,
    retryable: wire.retryable,
    retryAfterMs: wire.retryAfterMs,
  });
}
