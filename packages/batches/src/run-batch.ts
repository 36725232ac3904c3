import type { BatchRow } from './batch-object';
import type { BatchRunDependencies } from './batch-runner-dependencies';
import { enqueueBatchLines } from './enqueue-batch-lines';
import { finalizeBatch } from './finalize-batch';
import { validateBatch } from './validate-batch';

/**
 * Takes one claimed batch from whatever status it is in to the end: validating → in_progress (lines handed off,
 * then awaited) → finalizing → completed; `cancelling` → cancelled and a passed window → expired, each with the
 * results that came in. Returns when the batch is finished or no longer this runner's.
 */
export async function runBatch(claimed: BatchRow, dependencies: BatchRunDependencies): Promise<void> {
  let row: BatchRow | undefined = claimed;
  if (row.status === 'validating')
    row = (await validateBatch(row, dependencies)) ?? (await dependencies.leases.read(claimed.id));
  if (row?.status === 'in_progress') row = await progress(row, dependencies);
  if (!row) return;
  if (row.status === 'cancelling') {
    await dependencies.stops.mark(row.id);
    await finalizeBatch(row, 'cancelled', dependencies);
  } else if (row.status === 'finalizing') {
    await finalizeBatch(row, 'completed', dependencies);
  }
}

/** Hands off every line, waits for their results, and moves the batch on: to finalizing, or expired. */
async function progress(row: BatchRow, dependencies: BatchRunDependencies): Promise<BatchRow | undefined> {
  const { leases } = dependencies;
  const outcome = await enqueueBatchLines(row, dependencies);
  let current = await leases.read(row.id);
  if (!current || !leases.owns(current)) return undefined;
  if (outcome === 'stopped') return current.status === 'in_progress' ? undefined : current;
  while (
    outcome === 'done' &&
    current.status === 'in_progress' &&
    unfinished(current) &&
    dependencies.now() < current.expires_at.getTime()
  ) {
    await new Promise((resolve) => setTimeout(resolve, dependencies.pollMs));
    current = await leases.read(row.id);
    if (!current || !leases.owns(current) || dependencies.signal.aborted) return undefined;
  }
  if (current.status !== 'in_progress') return current;
  if (unfinished(current)) {
    await dependencies.stops.mark(row.id);
    await finalizeBatch(current, 'expired', dependencies);
    return undefined;
  }
  return (await leases.beginFinalizing(row.id)) ?? (await leases.read(row.id));
}

function unfinished(row: BatchRow): boolean {
  return row.completed + row.failed < row.total;
}
