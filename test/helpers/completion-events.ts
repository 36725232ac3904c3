import { type CompletionEvent, CompletionEventSchema, createQueueCatalog, withParsedBodies } from '@sluice/queues';
import { Redis } from 'ioredis';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Reads a test gateway's completion event stream (the one the logger and cache services consume): find a request's
 * event, and wait until a consumer group has handled it.
 */
export class CompletionEventProbe {
  private readonly redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  private readonly streamKey: string;

  constructor(prefix: string) {
    this.streamKey = createQueueCatalog(prefix).completionEvents;
  }

  /** The event of a request, with its stream entry id, once it has been published. */
  async waitForEvent(requestId: string, timeoutMs = 5_000): Promise<{ entryId: string; event: CompletionEvent }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const entries = await this.redis.xrange(this.streamKey, '-', '+');
      for (const [entryId, flat] of entries) {
        // The event's summary in `e`, its bodies (when it has any) in `b`, or by reference in `r` until the request log's
        // group has stored them (CompletionEventPublisher).
        const fields = fieldsOf(flat);
        const event = CompletionEventSchema.parse(JSON.parse(String(fields.e ?? 'null')));
        if (event.id !== requestId) continue;
        const bodies = fields.r === undefined ? fields.b : await this.redis.get(String(fields.r));
        return { entryId, event: withParsedBodies(event, (bodies ?? undefined) as string | undefined) };
      }
      if (Date.now() > deadline) throw new Error(`no completion event for ${requestId} within ${timeoutMs} ms`);
      await sleep(10);
    }
  }

  /** Resolves once the consumer group (`cache`, `logger`) has read and acknowledged the request's event. */
  async waitForGroup(group: string, requestId: string, timeoutMs = 10_000): Promise<CompletionEvent> {
    const { entryId, event } = await this.waitForEvent(requestId, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.handled(group, entryId)) return event;
      if (Date.now() > deadline) throw new Error(`group ${group} did not handle ${requestId} within ${timeoutMs} ms`);
      await sleep(10);
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private async handled(group: string, entryId: string): Promise<boolean> {
    const groups = (await this.redis.xinfo('GROUPS', this.streamKey)) as unknown[][];
    const info = groups.map(fieldsOf).find((fields) => fields.name === group);
    if (!info || compareIds(String(info['last-delivered-id']), entryId) < 0) return false;
    const pending = (await this.redis.xpending(this.streamKey, group, entryId, entryId, 1)) as unknown[];
    return pending.length === 0;
  }
}

function fieldsOf(flat: unknown[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (let index = 0; index + 1 < flat.length; index += 2) fields[String(flat[index])] = flat[index + 1];
  return fields;
}

function compareIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs === bMs ? aSeq - bSeq : aMs - bMs;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
