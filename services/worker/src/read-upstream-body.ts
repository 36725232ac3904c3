import { UpstreamError } from '@sluice/errors';
import type { UpstreamResponse } from '@sluice/providers';

/**
 * A non-streamed answer's whole body, read by the transport in one go (no async iteration over its pieces); a
 * connection lost while reading it is the provider's (network) failure.
 */
export async function readUpstreamBody(body: UpstreamResponse['body'], signal: AbortSignal): Promise<string> {
  try {
    return await body.text();
  } catch (error) {
    if (signal.aborted && signal.reason instanceof UpstreamError) throw signal.reason;
    throw new UpstreamError({
      message: 'the provider closed the connection mid-answer',
      kind: 'network',
      cause: error,
    });
  }
}
