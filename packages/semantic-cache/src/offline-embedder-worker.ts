import { parentPort } from 'node:worker_threads';
import { embedWithOfflineModel } from './offline-model';

/** The worker side of the offline embedder: `{ id, texts }` in, `{ id, vectors }` or `{ id, error }` out. */
parentPort?.on('message', (message: { id: number; texts: string[] }) => {
  embedWithOfflineModel(message.texts).then(
    (vectors) => parentPort?.postMessage({ id: message.id, vectors }),
    (error: unknown) =>
      parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
