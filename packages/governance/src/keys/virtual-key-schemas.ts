import { z } from 'zod';
import { parseRateLimitPolicies } from '../limits/rate-limit-policy';
import { IpAllowlist } from '../network/ip-allowlist';

export const BUDGET_PERIODS = ['day', 'week', 'month'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export const BudgetSchema = z.strictObject({
  usd: z.number().positive().max(1_000_000),
  period: z.enum(BUDGET_PERIODS).default('month'),
  /** Receives a POST when spend reaches 80% and 100% of the budget, once per period each. */
  alert_webhook: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** Signs the alerts (Standard Webhooks); write-only. */
  alert_webhook_secret: z.string().min(8).max(256).optional(),
});
export type Budget = z.infer<typeof BudgetSchema>;

const IdSchema = z.string().min(1).max(128);

const RateLimitTextSchema = z
  .string()
  .max(1000)
  .superRefine((text, context) => {
    try {
      parseRateLimitPolicies(text, 'rate_limit');
    } catch (error) {
      context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'invalid policy' });
    }
  });

const CidrSchema = z
  .string()
  .max(64)
  .refine((entry) => IpAllowlist.isValidEntry(entry), { message: 'not an IPv4 or IPv6 address or CIDR range' });

const settings = {
  config: IdSchema,
  allowed_models: z.array(z.string().min(1).max(256)).max(1000),
  allowed_configs: z.array(IdSchema).max(1000),
  rate_limit: RateLimitTextSchema,
  budget: BudgetSchema,
  ip_allowlist: z.array(CidrSchema).max(1000),
  expires_at: z.iso.datetime({ offset: true }),
};

export const VirtualKeyCreateSchema = z.strictObject({
  name: z.string().min(1).max(200),
  config: settings.config.optional(),
  allowed_models: settings.allowed_models.optional(),
  allowed_configs: settings.allowed_configs.optional(),
  rate_limit: settings.rate_limit.optional(),
  budget: settings.budget.optional(),
  ip_allowlist: settings.ip_allowlist.optional(),
  expires_at: settings.expires_at.optional(),
});
export type VirtualKeyCreate = z.infer<typeof VirtualKeyCreateSchema>;

/** An update names only what changes; `null` clears a setting. */
export const VirtualKeyUpdateSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  config: settings.config.nullable().optional(),
  allowed_models: settings.allowed_models.nullable().optional(),
  allowed_configs: settings.allowed_configs.nullable().optional(),
  rate_limit: settings.rate_limit.nullable().optional(),
  budget: settings.budget.nullable().optional(),
  ip_allowlist: settings.ip_allowlist.nullable().optional(),
  expires_at: settings.expires_at.nullable().optional(),
});
export type VirtualKeyUpdate = z.infer<typeof VirtualKeyUpdateSchema>;

/** A stored virtual key: its hash, never the key. */
export interface VirtualKey {
  id: string;
  name: string;
  keyHash: string;
  keyHint: string;
  config: string | null;
  allowedModels: string[];
  allowedConfigs: string[];
  rateLimit: string | null;
  budget: Budget | null;
  ipAllowlist: string[];
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What the admin API shows of a key: no hash, no alert secret. */
export function toVirtualKeyView(key: VirtualKey): Record<string, unknown> {
  const { alert_webhook_secret: secret, ...budget } = key.budget ?? { usd: 0, period: 'month' };
  return {
    id: key.id,
    object: 'virtual_key',
    name: key.name,
    key_hint: key.keyHint,
    config: key.config,
    allowed_models: key.allowedModels,
    allowed_configs: key.allowedConfigs,
    rate_limit: key.rateLimit,
    budget: key.budget ? { ...budget, alert_webhook_signed: secret !== undefined } : null,
    ip_allowlist: key.ipAllowlist,
    expires_at: key.expiresAt,
    revoked_at: key.revokedAt,
    status: statusOf(key, Date.now()),
    created_at: key.createdAt,
    updated_at: key.updatedAt,
  };
}

export function statusOf(key: VirtualKey, now: number): 'active' | 'expired' | 'revoked' {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= now) return 'expired';
  return 'active';
}
