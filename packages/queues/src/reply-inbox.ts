import type { ReplyMessage } from './reply-message';

/**
 * The messages of one request, in arrival order, awaited one at a time. The wait's timer is kept from one message to
 * the next while the caller waits towards the same moment (a request's deadline), rather than set and cleared for
 * every chunk of a stream.
 */
export class ReplyInbox {
  private readonly queued: ReplyMessage[] = [];
  private waiter: ((message: ReplyMessage | undefined) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private dueAt = 0;
  private closed = false;

  constructor(private readonly onClose: () => void) {}

  push(message: ReplyMessage): void {
    if (this.closed) return;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve(message);
    } else {
      this.queued.push(message);
    }
  }

  /** A message has arrived that `next` has not returned yet. */
  get hasQueued(): boolean {
    return this.queued.length > 0;
  }

  /** The next message, or undefined when the inbox was closed or `timeoutMs` passed first. */
  next(timeoutMs: number): Promise<ReplyMessage | undefined> {
    const message = this.queued.shift();
    if (message) return Promise.resolve(message);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiter = resolve;
      this.wakeBy(Date.now() + Math.max(0, timeoutMs));
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.onClose();
    this.waiter?.(undefined);
    this.waiter = undefined;
  }

  /** The timer that ends the wait at `dueAt` (within a millisecond: the one already set, when it is due then). */
  private wakeBy(dueAt: number): void {
    if (this.timer !== undefined && Math.abs(this.dueAt - dueAt) <= 1) return;
    clearTimeout(this.timer);
    this.dueAt = dueAt;
    this.timer = setTimeout(this.expire, dueAt - Date.now());
  }

  private readonly expire = () => {
    this.timer = undefined;
    const resolve = this.waiter;
    this.waiter = undefined;
    resolve?.(undefined);
  };
}
