import { SluiceError, UpstreamError } from '@sluice/errors';

/**
 * The next part (event or network chunk) of a provider's stream. Only a read that fails is the provider's (or the
 * network's) failure; a sink or translator that throws around it is Sluice's own (docs/failures-and-retries.md).
 */
export async function readUpstreamPart<Part>(
  parts: AsyncGenerator<Part>,
  signal: AbortSignal,
): Promise<IteratorResult<Part>> {
  try {
    return await parts.next();
  } catch (error) {
    if (error instanceof SluiceError) throw error;
    if (signal.aborted && signal.reason instanceof UpstreamError) throw signal.reason;
    throw new UpstreamError({
      message: 'the provider closed the stream before it ended',
      kind: 'network',
      cause: error,
    });
  }
}
