import type { ProviderAccount } from '@sluice/config';

export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';

/** `models/{model}` for a bare model id; a resource path (`tunedModels/x`, `models/x`) as given. */
export function geminiModelPath(model: string): string {
  return model.includes('/') ? model : `models/${model}`;
}

/** `${base}/v1beta/{model path}:{method}`; a base_url that already ends in /v1 or /v1beta keeps its version. */
export function geminiMethodUrl(account: ProviderAccount, model: string, method: string): string {
  const base = (account.base_url ?? GEMINI_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const versioned = /\/v1(beta|alpha)?$/.test(base) ? base : `${base}/v1beta`;
  return `${versioned}/${geminiModelPath(model)}:${method}`;
}
