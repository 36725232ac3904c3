import type { ProviderAccount } from '@sluice/config';
import type { HttpTransport, ProviderAdapter } from '@sluice/providers';
import type { MediaBlobStore } from '@sluice/queues';

/** What one upstream call needs: the transport, the account's adapter, the account and its key. */
export interface CallDependencies {
  transport: HttpTransport;
  adapter: ProviderAdapter;
  account: ProviderAccount;
  apiKey: string | undefined;
  /** Uploaded images and audio, which media jobs refer to by key. */
  blobs: MediaBlobStore | undefined;
}
