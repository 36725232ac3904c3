import { createServer } from 'node:net';

/** The port an ingress cannot listen on: its one-line reason is what a failed start prints. */
export class PortInUseError extends Error {
  constructor(host: string, port: number, code: string) {
    super(
      code === 'EADDRINUSE'
        ? `port ${port} on ${host} is already in use (another sluice still running?); stop it or set PORT`
        : `cannot listen on ${host}:${port} (${code}); set PORT or HOST`,
    );
    this.name = 'PortInUseError';
  }
}

/**
 * Listens on the port and lets it go again, before Redis, the database or any thread starts, so that a port in use
 * refuses start-up in one line at once (docs/dashboard.md, "first run"). Port 0 (any free port) is always free.
 */
export function ensurePortFree(port: number, host: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(new PortInUseError(host, port, error.code ?? error.message)),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
