import type { ManagedProcess } from './managed-process';

/** Polls `url` until it answers (any status below 500), the process exits, or `timeoutMs` passes. */
export async function waitForHttp(url: string, owner: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (owner.child.exitCode !== null || owner.child.signalCode !== null) {
      throw new Error(
        `${owner.name} exited with ${owner.child.exitCode ?? owner.child.signalCode}: ${owner.stderr().slice(-2_000)}`,
      );
    }
    const answered = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status < 500;
      },
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${owner.name} did not answer ${url} within ${timeoutMs} ms: ${owner.stderr().slice(-2_000)}`);
}
