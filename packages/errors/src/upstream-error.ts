import type { ErrorCode } from './error-codes';
import { type ErrorType, SluiceError } from './sluice-error';

/** What failed on the way to a provider: an HTTP status, a timeout, or the network. */
export type UpstreamFailureKind = 'status' | 'timeout' | 'network';

export interface UpstreamErrorOptions {
  message: string;
  kind: UpstreamFailureKind;
  /** The provider's HTTP status for kind `status`; 504 for timeouts and 502 for network failures otherwise. */
  status?: number;
  /** The provider's own code, relayed as it came; Sluice's by the failure's kind and status otherwise. */
  code?: string;
  type?: ErrorType | string;
  param?: string | null;
  retryable?: boolean;
  retryAfterMs?: number;
  cause?: unknown;
}

const RETRYABLE_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504, 529]);

/** A provider call that failed. Provider 4xx errors pass through to the client with their status. */
export class UpstreamError extends SluiceError {
  readonly kind: UpstreamFailureKind;
  readonly upstreamType: string;

  constructor(options: UpstreamErrorOptions) {
    const status = options.status ?? (options.kind === 'timeout' ? 504 : 502);
    super({
      message: options.message,
      code: options.code === undefined ? defaultCode(options.kind, status) : { relayed: options.code },
      status,
      type: options.kind === 'timeout' ? 'timeout' : status >= 500 ? 'upstream_error' : 'invalid_request_error',
      param: options.param ?? null,
      retryable: options.retryable ?? (options.kind !== 'status' || RETRYABLE_STATUSES.has(status)),
      retryAfterMs: options.retryAfterMs,
      cause: options.cause,
    });
    this.kind = options.kind;
    this.upstreamType = options.type ?? this.type;
  }

  /** The fallback_on / on_status token this failure matches: the status number, `timeout` or `network`. */
  get trigger(): number | 'timeout' | 'network' {
    return this.kind === 'status' ? this.status : this.kind;
  }

  override toOpenAIError() {
    const type = this.kind === 'status' && this.status < 500 ? this.upstreamType : this.type;
    return { error: { message: this.message, type, code: this.code, param: this.param } };
  }
}

function defaultCode(kind: UpstreamFailureKind, status: number): ErrorCode {
  if (kind === 'timeout') return 'upstream_timeout';
  if (kind === 'network') return 'upstream_unreachable';
  if (status === 429) return 'upstream_rate_limited';
  return status >= 500 ? 'upstream_server_error' : 'upstream_rejected';
}
