import { createHash } from 'node:crypto';
import type { BatchError, BatchRow } from './batch-object';
import type { BatchLineResult } from './batch-result-stream';
import type { BatchRunDependencies } from './batch-runner-dependencies';
import { type BatchEndpoint, checkBatchLine } from './check-batch-line';
import { errorLine } from './output-line';
import { readLines } from './read-lines';

const ERRORS_PER_WRITE = 500;

/**
 * Reads the input file once, line by line: counts the requests and writes each bad line (invalid, or a repeated
 * custom_id) to the error results, so one bad line never fails the batch. A file that is missing, empty or over
 * the line limit fails it. Leaves the batch `in_progress` with every bad line already counted as handed off.
 */
export async function validateBatch(row: BatchRow, dependencies: BatchRunDependencies): Promise<BatchRow | undefined> {
  const { files, leases, limits } = dependencies;
  const file = await files.get(row.input_file_id);
  if (!file)
    return leases.finish(row.id, 'failed', [
      fileError('invalid_file', `input file ${row.input_file_id} was not found`),
    ]);
  const seen = new Set<string>();
  let pending: BatchLineResult[] = [];
  let total = 0;
  let invalid = 0;
  for await (const line of readLines(files.chunks(file.id), limits.maxLineChars)) {
    total += 1;
    if (total > limits.maxLines) {
      return leases.finish(row.id, 'failed', [
        fileError(
          'too_many_requests',
          `the file has more than ${limits.maxLines} requests; split it into several batches`,
        ),
      ]);
    }
    const checked = checkBatchLine(line, row.endpoint as BatchEndpoint, limits.maxLineChars);
    const duplicate = checked.ok && !remember(seen, checked.customId);
    if (checked.ok && !duplicate) continue;
    invalid += 1;
    const failure = checked.ok
      ? {
          customId: checked.customId,
          code: 'duplicate_custom_id',
          message: `line ${line.number}: custom_id "${checked.customId}" is used by an earlier line; custom_id must be unique`,
        }
      : checked;
    pending.push({
      batchId: row.id,
      line: line.number,
      ok: false,
      output: errorLine(failure),
      inputTokens: 0,
      outputTokens: 0,
    });
    if (pending.length >= ERRORS_PER_WRITE) {
      await dependencies.results.store(pending, ['validating']);
      pending = [];
    }
  }
  await dependencies.results.store(pending, ['validating']);
  if (total === 0) return leases.finish(row.id, 'failed', [fileError('empty_file', 'the input file has no requests')]);
  return leases.startProcessing(row.id, total, invalid);
}

/** Adds the id; false when it was there already. Ids are kept as digests, so memory stays small whatever their length. */
function remember(seen: Set<string>, customId: string): boolean {
  const digest = createHash('sha1').update(customId).digest('base64');
  if (seen.has(digest)) return false;
  seen.add(digest);
  return true;
}

function fileError(code: string, message: string): BatchError {
  return { code, message, param: 'input_file_id', line: null };
}
