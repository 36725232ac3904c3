import type { ErrorCode } from './error-codes';

/** The OpenAI error `type` values Sluice answers with (SPEC §6). */
export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'budget_exceeded'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_exceeded'
  | 'upstream_error'
  | 'unavailable'
  | 'timeout'
  | 'api_error';

/** A code Sluice passes on rather than chooses: a provider's, or another error's it wraps. */
export interface RelayedCode {
  relayed: string;
}

export interface SluiceErrorOptions {
  message: string;
  /** One of Sluice's codes, or one carried over from another error (a provider's own, or one decoded off the wire). */
  code: ErrorCode | RelayedCode;
  status: number;
  type: ErrorType;
  param?: string | null;
  retryable?: boolean;
  retryAfterMs?: number;
  cause?: unknown;
}

/** The OpenAI-shaped error body every failure is answered with. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

/** Base of every error Sluice raises on purpose: a stable code, an HTTP status and explicit retryability. */
export class SluiceError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: ErrorType;
  readonly param: string | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(options: SluiceErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = new.target.name;
    this.code = typeof options.code === 'string' ? options.code : options.code.relayed;
    this.status = options.status;
    this.type = options.type;
    this.param = options.param ?? null;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }

  toOpenAIError(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, code: this.code, param: this.param } };
  }
}
