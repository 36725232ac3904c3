/**
 * Clean-ups of resources a benchmark holds beyond its processes (Redis keys, scratch databases, temporary
 * directories), run at the end of each scenario and when a run is interrupted.
 */
const cleanups = new Set<() => Promise<void>>();

/** Registers a clean-up; the returned function removes it again (call it once the resource is released). */
export function registerCleanup(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

/** Runs every registered clean-up once, concurrently; failures are ignored (there is nothing left to do). */
export async function runCleanups(): Promise<void> {
  const pending = [...cleanups];
  cleanups.clear();
  await Promise.allSettled(pending.map((cleanup) => cleanup()));
}
