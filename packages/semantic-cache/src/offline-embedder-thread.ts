import type { Worker } from 'node:worker_threads';
import { spawnModuleThread } from '@sluice/threads';

type Reply = { id: number; vectors: number[][] } | { id: number; error: string };
interface Pending {
  resolve: (vectors: number[][]) => void;
  reject: (error: Error) => void;
}

/**
 * One worker thread running the offline model for the whole process, started on first use and
 * unref'd, so it never keeps the process alive. Inference (10–30 ms of CPU per text) then never
 * blocks the event loop that serves requests.
 */
export class OfflineEmbedderThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  embed(texts: readonly string[]): Promise<number[][]> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, texts: [...texts] });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker();
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`offline embedder thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private settle(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if ('error' in reply) pending.reject(new Error(`offline embedder failed: ${reply.error}`));
    else pending.resolve(reply.vectors);
  }

  private failAll(error: Error): void {
    this.worker = undefined;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** The worker file sits beside this one, as TypeScript from source or JavaScript once built. */
function spawnWorker(): Worker {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return spawnModuleThread(new URL(`./offline-embedder-worker.${extension}`, import.meta.url));
}
