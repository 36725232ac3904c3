import { type ResponseObject, type ResponseStatus, responseEvents, responsesEventText } from '@sluice/providers';
import type { ResponseStore, StoredResponse } from '@sluice/responses';
import type { Response } from 'express';
import type { AsyncWork } from '../async/async-work';
import { currentResponse } from './background-responses';

const FINISHED: readonly ResponseStatus[] = ['completed', 'incomplete', 'failed', 'cancelled'];
const POLL_MS = 250;
/** How long a stream waits for its background response to finish. */
const WAIT_MS = 600_000;

/**
 * A background response as an event stream (`stream: true`, or `GET …?stream=true&starting_after=N` to resume):
 * once the job has finished, the response's events after sequence number `startingAfter` are sent.
 * See docs/responses-api.md (background).
 */
export async function streamBackgroundResponse(
  response: Response,
  options: { work: AsyncWork | undefined; store: ResponseStore; stored: StoredResponse; startingAfter: number },
): Promise<void> {
  response.status(200);
  response.setHeader('content-type', 'text/event-stream; charset=utf-8');
  response.setHeader('cache-control', 'no-cache');
  response.flushHeaders();
  const finished = await waitForFinish(response, options);
  if (!finished) {
    response.end();
    return;
  }
  const events = responseEvents(finished).filter((event) => event.sequence_number > options.startingAfter);
  response.end(events.map(responsesEventText).join(''));
}

async function waitForFinish(
  response: Response,
  options: { work: AsyncWork | undefined; store: ResponseStore; stored: StoredResponse },
): Promise<ResponseObject | undefined> {
  const deadline = Date.now() + WAIT_MS;
  let stored = options.stored;
  for (;;) {
    const current = await currentResponse(options.work, options.store, stored);
    if (FINISHED.includes(current.status)) return current;
    if (response.destroyed || Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    stored = { ...stored, response: current };
  }
}
