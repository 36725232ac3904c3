import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on an ES module given by URL. Built, the module is plain JavaScript and runs as it is. Run
 * from source under tsx, a worker does not inherit tsx's loader (`--import` hooks stay on the main thread in Node
 * 20), so the thread registers tsx itself before importing the TypeScript entry.
 */
export function spawnModuleThread(entry: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
