import { SluiceError } from '@sluice/errors';

/** 402: the key's budget for this period is spent (or fully reserved by requests in flight). */
export class BudgetExceededError extends SluiceError {
  constructor(message: string) {
    super({ message, code: 'budget_exceeded', status: 402, type: 'budget_exceeded' });
  }
}

/** 429: a consumer rate limit (the key's or the request's x-sluice-rate-limit) is reached. */
export class ConsumerRateLimitError extends SluiceError {
  constructor(message: string, retryAfterMs: number) {
    super({
      message,
      code: 'rate_limit_exceeded',
      status: 429,
      type: 'rate_limit_exceeded',
      retryable: true,
      retryAfterMs,
    });
  }
}
