import type { Embedder } from './embedder';
import { OfflineEmbedderThread } from './offline-embedder-thread';

let sharedThread: OfflineEmbedderThread | undefined;

export interface OfflineEmbedderOptions {
  /** Run the model in a worker thread (default), or on the calling thread (scripts, benchmarks). */
  thread?: 'worker' | 'caller';
}

/**
 * The embedded default embedder: Universal Sentence Encoder lite, 512 dimensions, offline
 * (see embedWithOfflineModel). Loaded once per process on first use and shared by every offline embedder.
 */
export function createOfflineEmbedder(options: OfflineEmbedderOptions = {}): Embedder {
  const inWorker = (options.thread ?? 'worker') === 'worker';
  return {
    id: 'use-lite-512',
    dimensions: 512,
    async embed(texts) {
      if (texts.length === 0) return [];
      if (!inWorker) return (await import('./offline-model')).embedWithOfflineModel(texts);
      sharedThread ??= new OfflineEmbedderThread();
      return sharedThread.embed(texts);
    },
  };
}
