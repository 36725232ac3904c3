import { UpstreamError } from '@sluice/errors';

/**
 * One try's signal: aborted by the job's cancellation (with its reason) or by the try's timeout, whichever comes first.
 * One controller that follows the cancellation, where `AbortSignal.any` costs five times as much per call and leaves
 * weak references for the collector (BENCHMARKS.md, "fixed costs per request"). `release` ends the timer and the link.
 */
export function attemptSignal(cancel: AbortSignal, timeoutMs: number): { signal: AbortSignal; release(): void } {
  const attempt = new AbortController();
  const onCancel = () => attempt.abort(cancel.reason);
  const timer = setTimeout(
    () => attempt.abort(new UpstreamError({ message: `no complete answer within ${timeoutMs} ms`, kind: 'timeout' })),
    timeoutMs,
  );
  if (cancel.aborted) onCancel();
  else cancel.addEventListener('abort', onCancel, { once: true });
  return {
    signal: attempt.signal,
    release() {
      clearTimeout(timer);
      cancel.removeEventListener('abort', onCancel);
    },
  };
}
