import type { ReplyMessage } from './reply-message';

/** The messages of one request, in arrival order, awaited one at a time. */
export class ReplyInbox {
  private readonly queued: ReplyMessage[] = [];
  private waiter: ((message: ReplyMessage | undefined) => void) | undefined;
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

  /** The next message, or undefined when the inbox was closed or `timeoutMs` passed first. */
  next(timeoutMs: number): Promise<ReplyMessage | undefined> {
    const message = this.queued.shift();
    if (message) return Promise.resolve(message);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.waiter = undefined;
          resolve(undefined);
        },
        Math.max(0, timeoutMs),
      );
      this.waiter = (received) => {
        clearTimeout(timer);
        resolve(received);
      };
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    this.waiter?.(undefined);
    this.waiter = undefined;
  }
}
