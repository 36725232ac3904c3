import { UpstreamError } from '@sluice/errors';

/** A non-streamed answer's whole body; a connection lost while reading it is the provider's (network) failure. */
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
