import type { FinishedStatus } from './batch-leases';
import type { BatchRow } from './batch-object';
import type { BatchRunDependencies } from './batch-runner-dependencies';
import type { FileWriter } from './file-store';

/**
 * Writes the batch's output file (succeeded lines) and error file (every other line) from its stored results, in
 * line order and a page at a time, then ends the batch in `status`. A file with no lines is not created. Files a
 * runner left half-written before it died are removed first, so finalizing again is safe.
 */
export async function finalizeBatch(
  row: BatchRow,
  status: FinishedStatus,
  dependencies: BatchRunDependencies,
): Promise<BatchRow | undefined> {
  const { files, leases } = dependencies;
  for (const id of [row.output_file_id, row.error_file_id]) if (id !== null) await files.delete(id);
  const output = await files.open(`${row.id}_output.jsonl`, 'batch_output', row.owner);
  const errors = await files.open(`${row.id}_error.jsonl`, 'batch_output', row.owner);
  try {
    if (!(await leases.recordFiles(row.id, output.id, errors.id))) throw new BatchLeaseLostError(row.id);
    for await (const result of dependencies.results.results(row.id))
      await (result.ok ? output : errors).write(`${result.output}\n`);
    const outputId = await finishOrDrop(output);
    const errorId = await finishOrDrop(errors);
    if (!(await leases.recordFiles(row.id, outputId, errorId))) throw new BatchLeaseLostError(row.id);
  } catch (error) {
    await output.abort();
    await errors.abort();
    throw error;
  }
  return leases.finish(row.id, status);
}

async function finishOrDrop(writer: FileWriter): Promise<string | null> {
  if (writer.size === 0) {
    await writer.abort();
    return null;
  }
  await writer.finish();
  return writer.id;
}

/** The runner no longer holds the batch (its lease lapsed and another runner took it over). */
export class BatchLeaseLostError extends Error {
  constructor(batchId: string) {
    super(`lost the lease of batch ${batchId}`);
    this.name = 'BatchLeaseLostError';
  }
}
