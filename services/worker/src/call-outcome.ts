import type { Usage } from '@sluice/providers';
import type { MediaUsage } from '@sluice/queues';

/** What one successful upstream call produced. */
export interface CallOutcome {
  /** OpenAI-format JSON text for a non-streamed call; undefined for a stream (already relayed). */
  body: string | undefined;
  usage: Usage | undefined;
  servedModel: string;
  ttftMs: number | undefined;
  /**
   * For a stream: the ChatCompletion JSON text its chunks amount to (what the response cache stores); for a relayed
   * media answer, what the log keeps of it (images without their base64 data).
   */
  streamedBody?: string | undefined;
  /**
   * The answer the log keeps (`body`, else `streamedBody`) is JSON text — the provider's answer, parsed once already to
   * be validated, or Sluice's own serialisation — so the completion event carries it as it is (JsonText).
   */
  loggedAsJson?: true;
  /** `responses`: a native Responses answer relayed as it came (never stored by the chat response cache). */
  dialect?: 'responses';
  /**
   * A forwarded call's answer as the provider sent it, for the client (`body` is then its OpenAI form, for the log); of
   * a forwarded stream, its event text as relayed, kept only for the response cache.
   */
  nativeBody?: string | undefined;
  /**
   * A native Responses answer whose request the response cache keys as it came (`nativeKey`): the answer as relayed
   * (its JSON body, or its stream's event text) and its chat completion form, which a hit's log and price read.
   */
  cacheEntry?: NativeResponsesCacheEntry | undefined;
  /** A media answer: `body` goes to the client as it is, with this content type. */
  contentType?: string | undefined;
  /** A media answer: what it is billed by. */
  mediaUsage?: MediaUsage | undefined;
}

/** What the response cache keeps of a native Responses answer: as relayed, and as a chat completion (JSON text). */
export interface NativeResponsesCacheEntry {
  native: string;
  completion: string;
}

/** How a relayed stream starts. */
export interface StreamStart {
  servedModel: string;
  /**
   * The chunks of the read that started the stream, delivered with the start in one reply-stream append, so the
   * client's first token costs one Redis round trip (empty only for a media body that has no bytes).
   */
  chunks: readonly string[];
  /** The chunks are the provider's own SSE events, for the client as they are. */
  native?: boolean;
  /** The chunks are base64 pieces of a binary body of this type. */
  contentType?: string;
}

/** Where relayed chunks go. `started` is called once, with the first chunks; `chunks` with every later read's. */
export interface StreamSink {
  started(start: StreamStart): Promise<void>;
  /** The chunks one read of the provider's stream completed, relayed together (one reply-stream append). */
  chunks(data: readonly string[]): Promise<void>;
}
