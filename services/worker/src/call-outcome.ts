import type { Usage } from '@sluice/providers';

/** What one successful upstream call produced. */
export interface CallOutcome {
  /** OpenAI-format JSON text for a non-streamed call; undefined for a stream (already relayed). */
  body: string | undefined;
  usage: Usage | undefined;
  servedModel: string;
  ttftMs: number | undefined;
  /** For a stream: the ChatCompletion JSON text its chunks amount to (what the response cache stores). */
  streamedBody?: string | undefined;
  /** `responses`: a native Responses answer relayed as it came (never stored by the chat response cache). */
  dialect?: 'responses';
}

/** Where relayed chunks go. `started` is called once, before the first chunk. */
export interface StreamSink {
  started(servedModel: string): Promise<void>;
  chunk(data: string): Promise<void>;
}
