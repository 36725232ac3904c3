/** What the idle collector looks at after each interval. */
export interface IdleCollectionSample {
  /** The event loop's utilisation over the interval just ended (0–1). */
  utilization: number;
  /** The V8 heap's total size now, bytes. */
  heapBytes: number;
  /** Its size right after the last full collection (or at start), bytes. */
  heapBytesAfterCollection: number;
}

export interface IdleCollectionPolicy {
  /** An interval at or under this utilisation was idle. */
  idleUtilization: number;
  /** Heap growth since the last collection that makes one worth its pause. */
  minimumGrowthBytes: number;
}

export const IDLE_COLLECTION_POLICY: IdleCollectionPolicy = {
  idleUtilization: 0.02,
  minimumGrowthBytes: 16 * 1024 * 1024,
};

/** Collect when a whole interval was idle and the heap grew by enough since the last collection; never under load. */
export function shouldCollectWhenIdle(sample: IdleCollectionSample, policy = IDLE_COLLECTION_POLICY): boolean {
  return (
    sample.utilization <= policy.idleUtilization &&
    sample.heapBytes - sample.heapBytesAfterCollection >= policy.minimumGrowthBytes
  );
}
