import { UpstreamError } from '@sluice/errors';

/** A try's signal and the release that ends its timer and its link to the job's cancellation. */
export interface AttemptSignal {
  signal: AbortSignal;
  release(): void;
}

/**
 * A job's cancellation, and the signal of each of its tries: aborted by the cancellation (with its reason) or by the
 * try's timeout, whichever comes first. `abort` aborts the running try's controller itself, where each try followed
 * the job's signal through an 'abort' listener: adding and removing it on Node's EventTarget was ~4.7 of the ~8.2 µs a
 * try's signal cost (BENCHMARKS.md, "the request's path outside PGlite"). `signal` serves the waits between tries.
 */
export class JobCancellation {
  private readonly controller = new AbortController();
  private running: AbortController | undefined;

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    this.controller.abort(reason);
    this.running?.abort(reason);
  }

  /** The signal of the next try, which `timeoutMs` bounds; aborted already when the job was cancelled. */
  attempt(timeoutMs: number): AttemptSignal {
    const attempt = new AbortController();
    const timer = setTimeout(
      () => attempt.abort(new UpstreamError({ message: `no complete answer within ${timeoutMs} ms`, kind: 'timeout' })),
      timeoutMs,
    );
    if (this.signal.aborted) attempt.abort(this.signal.reason);
    else this.running = attempt;
    return {
      signal: attempt.signal,
      release: () => {
        clearTimeout(timer);
        if (this.running === attempt) this.running = undefined;
      },
    };
  }
}
