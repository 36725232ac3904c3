import type { SluiceError } from '@sluice/errors';
import type { ReplyFormat, StreamWriter } from './reply-format';

/**
 * What a relayed body is made of: the text or bytes of each message's chunks, how it ends, and what a failure after
 * the status was sent writes last (undefined: nothing can be, so the connection is cut and the answer is incomplete).
 */
export interface RelayedBody {
  chunks(data: readonly string[]): string | Buffer;
  end(): Promise<string | undefined>;
  failed(error: SluiceError): string | undefined;
}

/**
 * The body a streamed reply is relayed as: bytes for a binary answer (speech audio, base64 pieces on the wire), the
 * events as they came for a stream forwarded in the client's own dialect, else the format's SSE stream.
 */
export function relayedBodyOf(format: ReplyFormat, stream: { binary: boolean; native: boolean }): RelayedBody {
  if (stream.binary) return binaryBody();
  return eventStream(stream.native ? forwardedStreamWriter(format) : format.createStreamWriter());
}

/** A forwarded stream's events are already in the client's dialect: written as they came, errors as the format writes them. */
function forwardedStreamWriter(format: ReplyFormat): StreamWriter {
  const own = format.createStreamWriter();
  return { chunk: (event) => event, end: () => '', error: (error) => own.error(error) };
}

/** An SSE stream in the client's dialect: each chunk as the writer renders it; a failure as its error event. */
function eventStream(writer: StreamWriter): RelayedBody {
  return {
    chunks: (data) => {
      let text = '';
      for (const piece of data) text += writer.chunk(piece);
      return text;
    },
    async end() {
      const last = writer.end();
      await writer.settled?.();
      return last;
    },
    failed: (error) => writer.error(error),
  };
}

/** A binary body (speech audio): base64 pieces as bytes; a failure can only cut it short. */
function binaryBody(): RelayedBody {
  return {
    chunks: (data) => Buffer.concat(data.map((piece) => Buffer.from(piece, 'base64'))),
    end: async () => undefined,
    failed: () => undefined,
  };
}
