import type { GatewayConfig } from '@sluice/config';
import type { SluiceError } from '@sluice/errors';
import type { ProviderQueues } from '@sluice/queues';
import type { BatchLeases } from './batch-leases';
import type { BatchResults } from './batch-results';
import type { BatchStopMarks } from './batch-stop-marks';
import type { FileStore } from './file-store';

export interface BatchLimits {
  /** Lines queued or running at once per batch. */
  maxInFlight: number;
  /** Lines per batch (OpenAI's limit is 50,000). */
  maxLines: number;
  /** Characters per input line. */
  maxLineChars: number;
}

/** What the phases of a batch run need; one set per runner process. */
export interface BatchRunDependencies {
  config: () => GatewayConfig;
  queues: ProviderQueues;
  files: FileStore;
  leases: BatchLeases;
  results: BatchResults;
  stops: BatchStopMarks;
  limits: BatchLimits;
  /**
   * Why the virtual key that created a batch may no longer spend (revoked, expired, budget spent), or undefined when
   * it may: asked before each step of lines is queued.
   */
  keyProblem(keyId: string): Promise<SluiceError | undefined>;
  /** Time between progress checks while a batch waits for its lines. */
  pollMs: number;
  now: () => number;
  /** Aborted when the process stops: a run gives its batch back at the next step, for another runner to resume. */
  signal: AbortSignal;
}
