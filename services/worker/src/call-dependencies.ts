import type { ProviderAccount } from '@sluice/config';
import type { HttpTransport, ProviderAdapter } from '@sluice/providers';

/** What one upstream call needs: the transport, the account's adapter, the account and its key. */
export interface CallDependencies {
  transport: HttpTransport;
  adapter: ProviderAdapter;
  account: ProviderAccount;
  apiKey: string | undefined;
}
