/** Provider simulators: local servers speaking the OpenAI, Azure OpenAI, Anthropic and Gemini wire formats. */
export { startAnthropicSimulator } from './anthropic-simulator';
export { startGeminiSimulator } from './gemini-simulator';
export { startAzureOpenAISimulator, startOpenAISimulator } from './openai-simulator';
export { type DropMode, defaultKnobs, InvalidKnobsError, parseKnobs, type SimulatorKnobs } from './simulator-knobs';
export type { SimulatorStats } from './simulator-state';
export { type SimulatorProvider, simulatorProviders, startProviderSimulator } from './start-provider-simulator';
export type { RunningSimulator, StartSimulatorOptions } from './start-simulator';
