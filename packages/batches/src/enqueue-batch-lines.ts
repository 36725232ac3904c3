import { SluiceError } from '@sluice/errors';
import { JOB_PRIORITY, RequestContextSchema } from '@sluice/queues';
import { planProviderJob, requestFactsOf } from '@sluice/routing';
import type { BatchRow } from './batch-object';
import type { BatchLineResult } from './batch-result-stream';
import type { BatchRunDependencies } from './batch-runner-dependencies';
import { type BatchEndpoint, type CheckedLine, checkBatchLine } from './check-batch-line';
import { errorLine } from './output-line';
import { readLines } from './read-lines';

const LINES_PER_STEP = 200;

/** Why enqueuing stopped: every line is handed off, the batch left `in_progress`, or its window passed. */
export type EnqueueOutcome = 'done' | 'stopped' | 'expired';

/**
 * Streams the input file from where the batch's recorded progress left off and hands each valid line to its first
 * target's provider queue at batch priority, never more than `maxInFlight` lines queued or running at once. Each
 * line is queued under a batch- and line-derived id, so resuming after a crash never queues a waiting line twice.
 * Before each step, the virtual key that created the batch must still be able to spend: once it is revoked, expired
 * or out of budget, the step's lines become error lines saying so (lines already queued still run, so a budget is
 * overspent by at most `maxInFlight` lines).
 */
export async function enqueueBatchLines(row: BatchRow, dependencies: BatchRunDependencies): Promise<EnqueueOutcome> {
  const settled = new Set(await dependencies.results.settledLines(row.id, row.next_line));
  const keyId = RequestContextSchema.parse({ requestedModel: '', ...row.context }).virtualKeyId;
  const stepSize = Math.min(LINES_PER_STEP, dependencies.limits.maxInFlight);
  let handedOff = row.enqueued;
  let lastLine = row.next_line;
  let step: (CheckedLine & { ok: true })[] = [];
  const flush = async (nextLine: number): Promise<EnqueueOutcome | undefined> => {
    const room = await waitForRoom(row, handedOff + step.length, dependencies);
    if (room !== undefined) return room;
    const problem = keyId === undefined ? undefined : await dependencies.keyProblem(keyId);
    handedOff += problem ? await refuse(row, step, problem, dependencies) : await handOff(row, step, dependencies);
    step = [];
    const recorded = await dependencies.leases.recordEnqueued(row.id, nextLine, handedOff);
    return recorded ? undefined : 'stopped';
  };
  for await (const line of readLines(dependencies.files.chunks(row.input_file_id), dependencies.limits.maxLineChars)) {
    lastLine = line.number;
    // Lines with a result already: the invalid ones, and any that finished before a takeover.
    if (line.number < row.next_line || settled.has(line.number)) continue;
    const checked = checkBatchLine(line, row.endpoint as BatchEndpoint, dependencies.limits.maxLineChars);
    if (!checked.ok) continue;
    step.push(checked);
    if (step.length < stepSize) continue;
    const stopped = await flush(line.number + 1);
    if (stopped) return stopped;
  }
  return (await flush(lastLine + 1)) ?? 'done';
}

/** Waits until `upcoming` handed-off lines would keep at most maxInFlight unfinished; undefined when there is room. */
async function waitForRoom(
  row: BatchRow,
  upcoming: number,
  dependencies: BatchRunDependencies,
): Promise<EnqueueOutcome | undefined> {
  for (;;) {
    if (dependencies.signal.aborted) return 'stopped';
    const current = await dependencies.leases.read(row.id);
    if (current?.status !== 'in_progress') return 'stopped';
    if (dependencies.now() >= current.expires_at.getTime()) return 'expired';
    const unfinished = upcoming - (current.completed + current.failed);
    if (unfinished <= dependencies.limits.maxInFlight) return undefined;
    await new Promise((resolve) => setTimeout(resolve, dependencies.pollMs));
  }
}

/** Settles every line of a step as an error line carrying `problem`. */
async function refuse(
  row: BatchRow,
  lines: (CheckedLine & { ok: true })[],
  problem: SluiceError,
  dependencies: BatchRunDependencies,
): Promise<number> {
  await dependencies.results.store(lines.map((line) => lineFailure(row, line, problem)));
  return lines.length;
}

function lineFailure(row: BatchRow, line: CheckedLine & { ok: true }, error: SluiceError): BatchLineResult {
  return {
    batchId: row.id,
    line: line.line,
    ok: false,
    output: errorLine({ customId: line.customId, code: error.code, message: `line ${line.line}: ${error.message}` }),
    inputTokens: 0,
    outputTokens: 0,
  };
}

/** Plans and queues each line; a line whose routing fails (unknown model or config) becomes an error line. */
async function handOff(
  row: BatchRow,
  lines: (CheckedLine & { ok: true })[],
  dependencies: BatchRunDependencies,
): Promise<number> {
  const context = RequestContextSchema.parse({ requestedModel: '', ...row.context });
  const config = dependencies.config();
  const now = dependencies.now();
  const failures: BatchLineResult[] = [];
  await Promise.all(
    lines.map(async (line) => {
      const lineContext = { ...context, requestedModel: line.model };
      let job: ReturnType<typeof planProviderJob>;
      try {
        job = planProviderJob(
          config,
          {
            kind: line.kind,
            body: line.body,
            stream: false,
            context: lineContext,
            configHeader: row.config_header ?? undefined,
            facts: requestFactsOf(line.body, lineContext),
          },
          {
            mode: 'batch',
            receivedAt: now,
            deadlineAt: row.expires_at.getTime(),
            batchLine: { batchId: row.id, line: line.line, customId: line.customId },
          },
        );
      } catch (error) {
        if (!(error instanceof SluiceError)) throw error;
        failures.push(lineFailure(row, line, error));
        return;
      }
      await dependencies.queues.enqueue(job, JOB_PRIORITY.batch, { jobId: `${row.id}-${line.line}` });
    }),
  );
  await dependencies.results.store(failures);
  return lines.length;
}
