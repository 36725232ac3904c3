import type { ProviderType } from '@sluice/config';
import { anthropicAdapter } from './anthropic/anthropic-adapter';
import { azureOpenAIAdapter } from './azure/azure-openai-adapter';
import { geminiAdapter } from './gemini/gemini-adapter';
import { openAIAdapter } from './openai/openai-adapter';
import type { ProviderAdapter } from './provider-adapter';

/** Typed by the provider-type enum: a provider type without an adapter is a compile error. */
export const ADAPTERS: Record<ProviderType, ProviderAdapter> = {
  openai: openAIAdapter,
  'azure-openai': azureOpenAIAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
};

export function adapterFor(type: ProviderType): ProviderAdapter {
  return ADAPTERS[type];
}
