/** The reference BullMQ round-trip server (bullmq-round-trip-server.ts) as its own process. */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type ManagedProcess, startManagedProcess } from './managed-process';

const SERVER = fileURLToPath(new URL('./bullmq-round-trip-server.ts', import.meta.url));
const StartedLineSchema = z.object({ url: z.string() });

export interface BullmqRoundTripProcess {
  /** `http://127.0.0.1:PORT`; any path is forwarded as a chat completion. */
  origin: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** `env`: extra environment (REDIS_URL for a Redis server of the scenario's own). */
export async function startBullmqRoundTripProcess(
  simulatorUrl: string,
  env: Record<string, string> = {},
): Promise<BullmqRoundTripProcess> {
  const managed = startManagedProcess({
    name: 'bullmq round trip',
    args: ['--import', 'tsx', SERVER, '--upstream', simulatorUrl, '--port', '0'],
    env,
  });
  const line = await managed.waitForLine((text) => text.trim().startsWith('{'), 20_000);
  const { url } = StartedLineSchema.parse(JSON.parse(line));
  return { origin: url, process: managed, stop: () => managed.stop() };
}
