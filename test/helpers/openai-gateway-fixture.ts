import OpenAI from 'openai';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';
import { startTestGateway, type TestGateway } from './start-test-gateway';

export const SIMULATED_PROVIDER_KEY = 'sk-sim-provider-secret-0123456789';

export interface OpenAIGatewayFixture {
  simulator: RunningSimulator;
  gateway: TestGateway;
  client: OpenAI;
  stop(): Promise<void>;
}

/** A simulator behind a gateway with one `openai` account, and an official client pointed at the gateway. */
export async function startOpenAIGatewayFixture(
  extraYaml = '',
  env: Record<string, string> = {},
): Promise<OpenAIGatewayFixture> {
  const simulator = await startOpenAISimulator({ knobs: { requiredApiKey: SIMULATED_PROVIDER_KEY } });
  const gateway = await startTestGateway({
    configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: \${SIM_KEY}\n    timeout_ms: 5000\n${extraYaml}`,
    env: { SIM_KEY: SIMULATED_PROVIDER_KEY, ...env },
  });
  const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused-in-development-mode', maxRetries: 0 });
  return {
    simulator,
    gateway,
    client,
    async stop() {
      await gateway.stop();
      await simulator.close();
    },
  };
}
