import OpenAI from 'openai';
import { CompletionEventProbe } from '../helpers/completion-events';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const PROVIDER_KEY = 'sk-sim-observability-0123456789';
/**
 * How long the set-up waits for the logger to store its requests: the helper's 10 s default was exceeded twice by the
 * PostgreSQL suite on a machine at load 12–20 (sessions 11 and 12), each passing when run again.
 */
const LOGGED_WITHIN_MS = 30_000;

/** A gateway with a healthy `openai` account and a `flaky` one that always fails, and the configs that use them. */
export interface ObservabilityFixture {
  gateway: TestGateway;
  healthy: RunningSimulator;
  flaky: RunningSimulator;
  client: OpenAI;
  probe: CompletionEventProbe;
  /** GET on the gateway: the status and the parsed JSON body. */
  get<T = Record<string, unknown>>(path: string): Promise<{ status: number; body: T }>;
  /** Waits until the logger service has written these requests. */
  logged(...requestIds: string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startObservabilityFixture(env: Record<string, string> = {}): Promise<ObservabilityFixture> {
  const healthy = await startOpenAISimulator({ knobs: { requiredApiKey: PROVIDER_KEY } });
  const flaky = await startOpenAISimulator({ knobs: { requiredApiKey: PROVIDER_KEY, failStatus: 500 } });
  const account = (url: string) => `{ type: openai, base_url: "${url}", api_key: "\${OBS_KEY}", timeout_ms: 5000 }`;
  const gateway = await startTestGateway({
    configYaml: [
      'providers:',
      `  openai: ${account(healthy.url)}`,
      `  flaky: ${account(flaky.url)}`,
      'configs:',
      '  resilient: { strategy: fallback, targets: [ { provider: flaky, model: gpt-4o-mini }, { provider: openai, model: gpt-4o-mini } ] }',
      '  doomed: { targets: [ { provider: flaky, model: gpt-4o-mini } ] }',
    ].join('\n'),
    env: { OBS_KEY: PROVIDER_KEY, ...env },
  });
  const probe = new CompletionEventProbe(gateway.prefix);
  return {
    gateway,
    healthy,
    flaky,
    client: new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused-in-development-mode', maxRetries: 0 }),
    probe,
    async get<T>(path: string) {
      const response = await fetch(`${gateway.url}${path}`);
      return { status: response.status, body: (await response.json()) as T };
    },
    async logged(...requestIds: string[]) {
      await Promise.all(requestIds.map((id) => probe.waitForGroup('logger', id, LOGGED_WITHIN_MS)));
    },
    async stop() {
      await probe.close();
      await gateway.stop();
      await healthy.close();
      await flaky.close();
    },
  };
}
