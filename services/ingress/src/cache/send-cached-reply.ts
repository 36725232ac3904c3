import type { ReplyFormat } from '@sluice/providers';
import type { CachedAnswer } from '@sluice/semantic-cache';
import { replayChunks } from '@sluice/semantic-cache';
import type { Response } from 'express';

/**
 * Writes a reply served from the cache, in the route's dialect: the stored body, or for `stream: true` a replay of
 * it as server-sent events; an answer forwarded as it came is written as the provider sent it (its JSON body, or its
 * stream's events). Headers: x-sluice-cache (hit-exact | hit-semantic), x-sluice-cache-score on a semantic
 * hit, x-sluice-cache-stale: true when serve_stale_on_error stood in for a failed upstream.
 */
export async function sendCachedReply(response: Response, answer: CachedAnswer, format: ReplyFormat): Promise<void> {
  response.setHeader('x-sluice-request-id', answer.requestId);
  response.setHeader('x-sluice-cache', answer.kind);
  if (answer.score !== undefined) response.setHeader('x-sluice-cache-score', answer.score.toFixed(4));
  if (answer.stale) response.setHeader('x-sluice-cache-stale', 'true');
  if (answer.completion.model) response.setHeader('x-sluice-model', answer.completion.model);
  response.setHeader('x-sluice-attempts', String(answer.stale?.attempts.length ?? 0));
  response.status(200);
  if (answer.native !== undefined) {
    format.servedAsItCame?.();
    return sendAsItCame(response, answer.native, answer.stream);
  }
  if (!answer.stream) {
    const body = format.body(answer.body);
    await format.settled?.();
    response.type('application/json').send(body);
    return;
  }
  response.setHeader('content-type', 'text/event-stream; charset=utf-8');
  response.setHeader('cache-control', 'no-cache');
  const writer = format.createStreamWriter();
  const events = replayChunks(answer.completion, answer.includeUsage).map((chunk) => writer.chunk(chunk));
  const last = writer.end();
  await writer.settled?.();
  response.end(events.join('') + last);
}

function sendAsItCame(response: Response, native: string, stream: boolean): void {
  if (!stream) {
    response.type('application/json').send(native);
    return;
  }
  response.setHeader('content-type', 'text/event-stream; charset=utf-8');
  response.setHeader('cache-control', 'no-cache');
  response.end(native);
}
