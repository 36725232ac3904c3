/**
 * The OpenAI provider simulator in its own process (test/simulators/run-simulator.ts), driven over HTTP
 * through its `/__sim/*` control routes.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type ManagedProcess, startManagedProcess } from './managed-process';

const RUN_SIMULATOR = fileURLToPath(new URL('../../test/simulators/run-simulator.ts', import.meta.url));

const StartedLineSchema = z.object({ url: z.string() });
const SimulatorStatsSchema = z.object({
  requests: z.number(),
  maxInFlight: z.number(),
  rateLimited: z.number(),
  perSecond: z.record(z.string(), z.number()),
});
export type SimulatorStats = z.infer<typeof SimulatorStatsSchema>;

/** Knob names as test/simulators/simulator-knobs.ts defines them; `null` clears an optional knob. */
export type SimulatorKnobUpdate = Record<string, number | string | null>;

export interface SimulatorProcess {
  /** Base URL of the OpenAI API (`http://127.0.0.1:PORT/v1`). */
  url: string;
  process: ManagedProcess;
  configure(knobs: SimulatorKnobUpdate): Promise<void>;
  /** Restores the start knobs and clears the statistics. */
  reset(): Promise<void>;
  stats(): Promise<SimulatorStats>;
  stop(): Promise<void>;
}

export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const managed = startManagedProcess({
    name: 'openai simulator',
    args: ['--import', 'tsx', RUN_SIMULATOR, '--provider', 'openai', '--port', '0', '--host', '127.0.0.1'],
  });
  const line = await managed.waitForLine((text) => text.trim().startsWith('{'), 20_000);
  const { url } = StartedLineSchema.parse(JSON.parse(line));
  const origin = new URL(url).origin;
  const control = async (path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${origin}/__sim/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator /__sim/${path} answered ${response.status}: ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  };
  return {
    url,
    process: managed,
    configure: async (knobs) => {
      await control('knobs', knobs);
    },
    reset: async () => {
      await control('reset', {});
    },
    stats: async () => SimulatorStatsSchema.parse(await control('stats')),
    stop: () => managed.stop(),
  };
}
