/** Starts a simulator by provider name (for the CLI and table-driven tests). */
import { startAnthropicSimulator } from './anthropic-simulator';
import { startGeminiSimulator } from './gemini-simulator';
import { startAzureOpenAISimulator, startOpenAISimulator } from './openai-simulator';
import type { RunningSimulator, StartSimulatorOptions } from './start-simulator';

export const simulatorProviders = ['openai', 'azure-openai', 'anthropic', 'gemini'] as const;
export type SimulatorProvider = (typeof simulatorProviders)[number];

const starters: Record<SimulatorProvider, (options: StartSimulatorOptions) => Promise<RunningSimulator>> = {
  openai: startOpenAISimulator,
  'azure-openai': startAzureOpenAISimulator,
  anthropic: startAnthropicSimulator,
  gemini: startGeminiSimulator,
};

export function isSimulatorProvider(value: string): value is SimulatorProvider {
  return (simulatorProviders as readonly string[]).includes(value);
}

export function startProviderSimulator(
  provider: SimulatorProvider,
  options: StartSimulatorOptions = {},
): Promise<RunningSimulator> {
  return starters[provider](options);
}
