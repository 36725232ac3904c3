import { parseRateLimitPolicies, type RateLimitPolicy } from '../limits/rate-limit-policy';
import { IpAllowlist } from '../network/ip-allowlist';
import type { VirtualKey } from './virtual-key-schemas';
import { hashSecret, sameDigest } from './virtual-key-secret';
import type { VirtualKeyStore } from './virtual-key-store';

/** An unrevoked key with its settings parsed once, ready for the request path. */
export interface KnownVirtualKey {
  record: VirtualKey;
  policies: RateLimitPolicy[];
  ipAllowlist: IpAllowlist;
}

/**
 * Every unrevoked virtual key, cached in memory by hash so authentication needs no database round trip; refreshed
 * whenever the invalidation bus announces a change (and after a reconnect).
 */
export class VirtualKeyDirectory {
  private byHash = new Map<string, KnownVirtualKey>();
  private byId = new Map<string, KnownVirtualKey>();
  private everCreated = false;

  constructor(private readonly store: VirtualKeyStore) {}

  async refresh(): Promise<void> {
    const [unrevoked, all] = await Promise.all([this.store.listUnrevoked(), this.store.countAll()]);
    const known = unrevoked.map(knownKey);
    this.byHash = new Map(known.map((key) => [key.record.keyHash, key]));
    this.byId = new Map(known.map((key) => [key.record.id, key]));
    this.everCreated = all > 0;
  }

  /** True once any key was ever created: revoking every key must not reopen the gateway. */
  get hasKeys(): boolean {
    return this.everCreated;
  }

  /** The key a client presented, compared by hash in constant time. */
  find(presented: string): KnownVirtualKey | undefined {
    const hash = hashSecret(presented);
    const candidate = this.byHash.get(hash);
    return candidate && sameDigest(candidate.record.keyHash, hash) ? candidate : undefined;
  }

  byKeyId(id: string): KnownVirtualKey | undefined {
    return this.byId.get(id);
  }
}

function knownKey(record: VirtualKey): KnownVirtualKey {
  return {
    record,
    policies: record.rateLimit ? parseRateLimitPolicies(record.rateLimit, 'rate_limit') : [],
    ipAllowlist: IpAllowlist.parse(record.ipAllowlist, 'ip_allowlist'),
  };
}
