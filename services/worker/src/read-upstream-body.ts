import { UpstreamError } from '@sluice/errors';

/** A provider's whole answer as text; a connection that closes mid-answer is the provider's (network) failure. */
export async function readUpstreamBody(body: AsyncIterable<Buffer>, signal: AbortSignal): Promise<string> {
  const parts: Buffer[] = [];
  try {
    for await (const part of body) parts.push(part);
  } catch (error) {
    if (signal.aborted && signal.reason instanceof UpstreamError) throw signal.reason;
    throw new UpstreamError({
      message: 'the provider closed the connection mid-answer',
      kind: 'network',
      cause: error,
    });
  }
  return Buffer.concat(parts).toString('utf8');
}
