import { createHash, randomBytes } from 'node:crypto';
import { type SessionPrincipal, SessionPrincipalSchema } from '@sluice/governance';
import type { RedisClient } from '@sluice/queues';

/** Twelve hours, then the dashboard asks to sign in again. */
export const SESSION_TTL_S = 12 * 3600;

/**
 * Server-side dashboard sessions in Redis (docs/dashboard.md, "Sign-in"): the cookie holds an opaque random id;
 * Redis holds, under the id's SHA-256, who signed in, expiring with the session.
 */
export class DashboardSessions {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlS = SESSION_TTL_S,
  ) {}

  async create(principal: SessionPrincipal): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.redis.set(this.keyOf(id), JSON.stringify(principal), 'EX', this.ttlS);
    return id;
  }

  async find(id: string): Promise<SessionPrincipal | undefined> {
    const stored = await this.redis.get(this.keyOf(id));
    if (stored === null) return undefined;
    const parsed = SessionPrincipalSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : undefined;
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(this.keyOf(id));
  }

  get maxAgeS(): number {
    return this.ttlS;
  }

  private keyOf(id: string): string {
    return `${this.prefix}:dashboard-session:${createHash('sha256').update(id).digest('hex')}`;
  }
}
