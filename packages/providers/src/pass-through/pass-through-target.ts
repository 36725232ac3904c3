import type { ProviderAccount } from '@sluice/config';

/** Where a passed-through `/v1/*` request goes, and the account's own headers (its key among them). */
export interface PassThroughTarget {
  url: string;
  headers: Record<string, string>;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
const ANTHROPIC_VERSION = '2023-06-01';

/**
 * The provider URL of a `/v1/<rest>` path passed through (docs/http-api.md) and the headers that authenticate it:
 * an OpenAI-compatible account's `base_url` + `/<rest>` with its bearer key; Azure OpenAI's v1 API
 * (`<resource>/openai/v1/<rest>`, `api-key`); Anthropic's `<base_url>/v1/<rest>` (`x-api-key`, and
 * a default `anthropic-version`, which the client's own replaces). Undefined for Gemini, whose API has no `/v1` paths.
 */
export function passThroughTarget(
  account: ProviderAccount,
  apiKey: string | undefined,
  rest: string,
  search: string,
): PassThroughTarget | undefined {
  const own = { ...account.headers };
  const trimmed = (base: string) => base.replace(/\/+$/, '');
  switch (account.type) {
    case 'openai':
      return {
        url: `${trimmed(account.base_url ?? OPENAI_BASE_URL)}/${rest}${search}`,
        headers: apiKey === undefined ? own : { ...own, authorization: `Bearer ${apiKey}` },
      };
    case 'azure-openai': {
      const resource = trimmed(account.base_url ?? '').replace(/\/openai$/, '');
      return {
        url: `${resource}/openai/v1/${rest}${search}`,
        headers: apiKey === undefined ? own : { ...own, 'api-key': apiKey },
      };
    }
    case 'anthropic':
      return {
        url: `${trimmed(account.base_url ?? ANTHROPIC_BASE_URL)}/v1/${rest}${search}`,
        headers: {
          'anthropic-version': ANTHROPIC_VERSION,
          ...own,
          ...(apiKey === undefined ? {} : { 'x-api-key': apiKey }),
        },
      };
    case 'gemini':
      return undefined;
  }
}
