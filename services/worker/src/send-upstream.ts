import type { MediaUpstreamRequest, UpstreamRequest, UpstreamResponse } from '@sluice/providers';
import type { PlannedTarget, ProviderJob } from '@sluice/queues';
import type { CallDependencies } from './call-dependencies';
import { scrubSecret } from './scrub-secret';
import { withTraceHeaders } from './trace-headers';

/**
 * Sends one upstream request with the job's trace headers, allowing the target's timeout for the answer's headers.
 * The transport's own failures come back as UpstreamErrors; a non-2xx answer is thrown by throwIfRefused.
 */
export async function sendUpstream(
  request: UpstreamRequest | MediaUpstreamRequest,
  job: ProviderJob,
  target: PlannedTarget,
  dependencies: CallDependencies,
  signal: AbortSignal,
): Promise<UpstreamResponse> {
  return dependencies.transport.send(withTraceHeaders(request, job.context), {
    signal,
    headersTimeoutMs: target.timeoutMs,
  });
}

/** A non-2xx answer as the provider's error, in its adapter's reading, with the account's key scrubbed from it. */
export async function throwIfRefused(response: UpstreamResponse, dependencies: CallDependencies): Promise<void> {
  if (response.status >= 200 && response.status < 300) return;
  const text = await response.body.text().catch(() => '');
  throw scrubSecret(
    dependencies.adapter.fromErrorResponse(response.status, text, response.headers),
    dependencies.apiKey,
  );
}
