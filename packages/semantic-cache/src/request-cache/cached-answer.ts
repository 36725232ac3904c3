import type { SluiceError } from '@sluice/errors';
import type { ChatCompletion } from '@sluice/providers';
import type { Attempt } from '@sluice/queues';

/** A reply taken from the response cache instead of a provider. */
export interface CachedAnswer {
  /** The log id of this reply. */
  requestId: string;
  kind: 'hit-exact' | 'hit-semantic';
  /** The cached ChatCompletion JSON text, as stored. */
  body: string;
  completion: ChatCompletion;
  /**
   * Of a request forwarded in its own dialect: the provider's answer as the client first received it (the JSON body,
   * or the stream's event text), replayed as it is.
   */
  native?: string;
  /** Cosine similarity, on semantic hits. */
  score?: number;
  /** Served by serve_stale_on_error because every target failed: the failure and its attempts. */
  stale?: { error: SluiceError; attempts: Attempt[] };
  /** How the client asked to receive it. */
  stream: boolean;
  includeUsage: boolean;
}
