import {
  type RunningSimulator,
  startAnthropicSimulator,
  startAzureOpenAISimulator,
  startGeminiSimulator,
  startOpenAISimulator,
} from '../simulators/index';
import { startTestGateway, type TestGateway } from './start-test-gateway';

/** The key each simulator requires; the gateway's config names them through `${…}` variables. */
export const MIXED_PROVIDER_KEYS = {
  openai: 'sk-sim-openai-0123456789',
  anthropic: 'sk-ant-sim-0123456789',
  gemini: 'AIza-sim-gemini-0123456789',
  azure: 'azure-sim-key-0123456789',
} as const;

export interface MixedProviderGateway {
  gateway: TestGateway;
  simulators: {
    openai: RunningSimulator;
    anthropic: RunningSimulator;
    gemini: RunningSimulator;
    azure: RunningSimulator;
  };
  /** Restores every simulator's knobs and clears its statistics. */
  reset(): void;
  stop(): Promise<void>;
}

/**
 * One gateway in front of all four provider simulators, with accounts `oai` (openai), `claude` (anthropic),
 * `gem` (gemini) and `az` (azure-openai), plus `claude-wrong-key` for authentication failures.
 * Requests pick a provider with the `provider/model` model form. `extraYaml` adds top-level config sections;
 * `env` adds gateway environment variables.
 */
export async function startMixedProviderGateway(
  extraYaml = '',
  env: Record<string, string> = {},
): Promise<MixedProviderGateway> {
  const keys = MIXED_PROVIDER_KEYS;
  const simulators = {
    openai: await startOpenAISimulator({ knobs: { requiredApiKey: keys.openai } }),
    anthropic: await startAnthropicSimulator({ knobs: { requiredApiKey: keys.anthropic } }),
    gemini: await startGeminiSimulator({ knobs: { requiredApiKey: keys.gemini } }),
    azure: await startAzureOpenAISimulator({ knobs: { requiredApiKey: keys.azure } }),
  };
  const configYaml = [
    'providers:',
    `  oai: { type: openai, base_url: "${simulators.openai.url}", api_key: "\${OAI_KEY}", timeout_ms: 5000 }`,
    `  claude: { type: anthropic, base_url: "${simulators.anthropic.url}", api_key: "\${CLAUDE_KEY}", timeout_ms: 5000 }`,
    `  claude-wrong-key: { type: anthropic, base_url: "${simulators.anthropic.url}", api_key: "sk-ant-wrong", timeout_ms: 5000 }`,
    `  gem: { type: gemini, base_url: "${simulators.gemini.url}", api_key: "\${GEM_KEY}", timeout_ms: 5000 }`,
    `  az: { type: azure-openai, base_url: "${simulators.azure.origin}", api_key: "\${AZ_KEY}", api_version: "2024-10-21", timeout_ms: 5000 }`,
    extraYaml,
  ].join('\n');
  const gateway = await startTestGateway({
    configYaml,
    env: { OAI_KEY: keys.openai, CLAUDE_KEY: keys.anthropic, GEM_KEY: keys.gemini, AZ_KEY: keys.azure, ...env },
  });
  const all = Object.values(simulators);
  return {
    gateway,
    simulators,
    reset: () => {
      for (const simulator of all) simulator.reset();
    },
    async stop() {
      await gateway.stop();
      await Promise.all(all.map((simulator) => simulator.close()));
    },
  };
}
