import type { ProviderAccount } from '@sluice/config';
import type { HttpTransport, ProviderAdapter, ProviderCallContext } from '@sluice/providers';
import type { MediaBlobStore, PlannedTarget } from '@sluice/queues';

/** What one upstream call needs: the transport, the account's adapter, the account and its key. */
export interface CallDependencies {
  transport: HttpTransport;
  adapter: ProviderAdapter;
  account: ProviderAccount;
  apiKey: string | undefined;
  /** Uploaded images and audio, which media jobs refer to by key. */
  blobs: MediaBlobStore | undefined;
}

/** What the adapter is told of one call: the account, its key, and the target's model. */
export function callContext(dependencies: CallDependencies, target: PlannedTarget): ProviderCallContext {
  return { account: dependencies.account, apiKey: dependencies.apiKey, model: target.model };
}
