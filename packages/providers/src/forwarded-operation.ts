import type { ProviderAccount } from '@sluice/config';

/** The OpenAI-dialect operations besides chat and embeddings that accounts serving them receive as they came. */
export type ForwardedOperation = 'completions' | 'moderations' | 'rerank';

/**
 * Whether an account serves an operation itself (docs/http-api.md): legacy completions on OpenAI-compatible and
 * Azure OpenAI accounts, moderations on OpenAI-compatible ones, rerank on OpenAI-compatible accounts that set
 * `rerank: true` (Cohere, Jina or vLLM-style servers).
 */
export function servesForwardedOperation(account: ProviderAccount, operation: ForwardedOperation): boolean {
  switch (operation) {
    case 'completions':
      return account.type === 'openai' || account.type === 'azure-openai';
    case 'moderations':
      return account.type === 'openai';
    case 'rerank':
      return account.type === 'openai' && account.rerank === true;
  }
}
