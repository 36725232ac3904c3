import { isTerminal, type JobRecord, type ProgressEntry } from '@sluice/jobs';
import {
  type ChatCompletionChunk,
  derivedItemIds,
  type ResponseObject,
  type ResponseStatus,
  type ResponsesEvent,
  ResponsesStreamEncoder,
  responseEvents,
  responsesEventText,
} from '@sluice/providers';
import { type BackgroundJobs, currentResponse } from './background-responses';
import type { ResponseStore, StoredResponse } from './response-store';

const FINISHED: readonly ResponseStatus[] = ['completed', 'incomplete', 'failed', 'cancelled'];
const POLL_MS = 50;
/** How long a stream waits for its background response to finish. */
const WAIT_MS = 600_000;

export interface BackgroundStreamOptions {
  work: BackgroundJobs | undefined;
  store: ResponseStore;
  stored: StoredResponse;
  startingAfter: number;
  /** True once the reader went away: the stream stops waiting. */
  stopped: () => boolean;
}

/**
 * A background response as event-stream text (`stream: true`, or `GET …?stream=true&starting_after=N` to resume): the
 * events after sequence number `startingAfter`, relayed as the worker streams the answer (its chunks kept by
 * JobProgress), the same events on every read. A response whose job kept no chunks (a native Responses account, or
 * chunks past their hour) is sent whole once it has finished. See docs/responses-api.md (background).
 */
export async function* backgroundResponseEvents(options: BackgroundStreamOptions): AsyncGenerator<string> {
  const { work, stored } = options;
  if (work && stored.background) {
    const relayed = yield* relayProgress(work, stored.background.jobId, options);
    if (relayed) return;
  }
  const finished = await waitForFinish(options);
  if (!finished) return;
  const events = responseEvents(finished).filter((event) => event.sequence_number > options.startingAfter);
  yield events.map(responsesEventText).join('');
}

/**
 * Relays the job's chunks as Responses events while it runs, from its latest attempt (a rerun after a worker died
 * starts the answer over). A reader that sees an attempt start over after it was sent events gets an `error` event:
 * what it was sent cannot be taken back, and reading again gives the new attempt. False when the job kept no chunks.
 */
async function* relayProgress(
  work: BackgroundJobs,
  jobId: string,
  options: BackgroundStreamOptions,
): AsyncGenerator<string, boolean> {
  const shell: ResponseObject = { ...options.stored.response, status: 'in_progress' };
  const names = new Map(options.stored.background?.toolNames ?? []);
  const fresh = (events: ResponsesEvent[]) =>
    events
      .filter((event) => event.sequence_number > options.startingAfter)
      .map(responsesEventText)
      .join('');
  let encoder: ResponsesStreamEncoder | undefined;
  let lastId = '0-0';
  let backlog = await readAll(work, jobId);
  const latestStart = backlog.findLastIndex((entry) => entry.kind === 'started');
  if (latestStart > 0) backlog = backlog.slice(latestStart);
  const deadline = Date.now() + WAIT_MS;
  let settled: JobRecord | undefined;
  for (;;) {
    for (const entry of backlog) {
      lastId = entry.id;
      if (entry.kind === 'started') {
        if (encoder) {
          yield restartedEvent(shell.id);
          return true;
        }
        encoder = new ResponsesStreamEncoder(shell, names, derivedItemIds(shell.id));
      } else if (encoder) {
        for (const data of entry.data) {
          const text = fresh(encoder.encode(JSON.parse(data) as ChatCompletionChunk));
          if (text !== '') yield text;
        }
      }
    }
    if (options.stopped()) return true;
    if (backlog.length === 0 && settled) {
      if (!encoder) return false;
      const text = fresh(settled.status === 'succeeded' ? encoder.end() : encoder.fail(failureOf(settled)));
      if (text !== '') yield text;
      return true;
    }
    if (backlog.length === 0) {
      const job = await work.jobs.get(jobId);
      if (!job) return false;
      // Settled: every chunk was appended before it; one more read takes the last of them.
      if (isTerminal(job.status)) settled = job;
      else if (Date.now() > deadline) return true;
      else await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    backlog = await work.progress.read(jobId, lastId);
  }
}

async function readAll(work: BackgroundJobs, jobId: string): Promise<ProgressEntry[]> {
  const entries: ProgressEntry[] = [];
  for (;;) {
    const batch = await work.progress.read(jobId, entries.at(-1)?.id ?? '0-0');
    if (batch.length === 0) return entries;
    entries.push(...batch);
  }
}

function failureOf(job: JobRecord): { code: string; message: string } {
  if (job.status === 'cancelled') return { code: 'cancelled', message: 'The response was cancelled.' };
  return { code: job.error?.code ?? 'upstream_error', message: job.error?.message ?? 'The response failed.' };
}

function restartedEvent(responseId: string): string {
  const error = {
    type: 'error',
    code: 'response_restarted',
    message: `The response is being generated again (its worker stopped); read it anew with GET /v1/responses/${responseId}?stream=true.`,
  };
  return `event: error\ndata: ${JSON.stringify(error)}\n\n`;
}

async function waitForFinish(options: BackgroundStreamOptions): Promise<ResponseObject | undefined> {
  const deadline = Date.now() + WAIT_MS;
  let stored = options.stored;
  for (;;) {
    const current = await currentResponse(options.work, options.store, stored);
    if (FINISHED.includes(current.status)) return current;
    if (options.stopped() || Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 5));
    stored = { ...stored, response: current };
  }
}
