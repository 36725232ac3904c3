import { performance } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { IDLE_COLLECTION_POLICY, type IdleCollectionPolicy, shouldCollectWhenIdle } from './idle-collection';

export interface IdleCollectorOptions {
  /** How often the event loop's utilisation is looked at. */
  intervalMs?: number;
  policy?: IdleCollectionPolicy;
  /** The full collection; V8's own (`gc`) unless a test counts the calls. */
  collect?: () => void;
  heapBytes?: () => number;
}

export interface IdleCollector {
  /** Full collections run so far. */
  readonly collections: number;
  stop(): void;
}

const DEFAULT_INTERVAL_MS = 5_000;

/**
 * Runs one full garbage collection in this thread when its event loop was idle for a whole interval after its heap
 * grew. Under load V8 grows a thread's heap and keeps it: an idle thread never runs the full collection that would
 * give the garbage back (BENCHMARKS.md, 2026-12-06 15:00), so a gateway after a burst held twice the memory it needs.
 * A busy thread is never collected by this.
 */
export function collectGarbageWhenIdle(options: IdleCollectorOptions = {}): IdleCollector {
  const collect = options.collect ?? v8FullCollection();
  const heapBytes = options.heapBytes ?? (() => getHeapStatistics().total_heap_size);
  const policy = options.policy ?? IDLE_COLLECTION_POLICY;
  let heapBytesAfterCollection = heapBytes();
  let previous = performance.eventLoopUtilization();
  let collections = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, previous);
    previous = now;
    const sample = { utilization, heapBytes: heapBytes(), heapBytesAfterCollection };
    if (!shouldCollectWhenIdle(sample, policy)) {
      // A heap that shrank by itself sets the mark lower, so growth is measured from what it holds now.
      heapBytesAfterCollection = Math.min(heapBytesAfterCollection, sample.heapBytes);
      return;
    }
    collect();
    collections += 1;
    heapBytesAfterCollection = heapBytes();
    previous = performance.eventLoopUtilization();
  }, options.intervalMs ?? DEFAULT_INTERVAL_MS);
  timer.unref();
  return {
    get collections() {
      return collections;
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * V8's full collection without starting node with `--expose-gc`: the flag is set just long enough for a new context
 * to carry `gc`, which collects the whole isolate (this thread's heap), then unset.
 */
function v8FullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as () => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
