import type { Env, GatewayConfig } from '@sluice/config';
import {
  type AdmitPassThrough,
  admitModelCall,
  BudgetLedger,
  type ConfigStore,
  ConsumerRateLimiter,
  type GovernanceStores,
  governanceModeWarning,
  IpAllowlist,
  parseTrustProxy,
  passThroughAdmission,
  type TrustProxy,
} from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import type { RedisClient } from '@sluice/queues';
import { PriceBook } from '@sluice/request-log';
import type { RequestHandler } from 'express';
import { type AdmitCall, admitFromRequest } from './admission/admission';
import { authenticate } from './authenticate';
import { globalIpAllowlist } from './global-ip-allowlist';
import { requireMetricsToken } from './require-metrics-token';

/** The settings the ingress's governance reads (docs/configuration.md). */
export type GovernanceSettings = Pick<
  Env,
  | 'SLUICE_IP_ALLOWLIST'
  | 'SLUICE_TRUST_PROXY'
  | 'SLUICE_ADMIN_TOKEN'
  | 'SLUICE_METRICS_TOKEN'
  | 'SLUICE_REQUEST_TIMEOUT_MS'
>;

export interface IngressGovernanceOptions {
  settings: GovernanceSettings;
  config: GatewayConfig;
  redis: RedisClient;
  /** The stored keys, configs and prompts, opened by the composition root (shared with the console). */
  stores: GovernanceStores;
  /** The control plane's part of the gate (the dashboard session, the admin token on /admin); absent: none. */
  controlPlaneGate?: RequestHandler;
  logger: Logger;
}

/** One of the gate's middlewares and the paths it runs under, as `app.use(paths, handler)` mounts it. */
export interface GateMiddleware {
  paths: string | string[];
  handler: RequestHandler;
}

/** The ingress's governance: what createIngressApp mounts, and the stores it routes by. */
export interface IngressGovernance {
  /**
   * Mounted in order before everything else: the global IP allowlist, the control plane's gate, the metrics token
   * on /metrics, authentication on /v1 and /v1beta (Gemini's dialect).
   */
  gate: readonly GateMiddleware[];
  /** Once a model call's body is read: prompts, permissions, the routing config, consumer limits and budget holds. */
  admitModelCall: AdmitCall;
  /** Before a passed-through `/v1/*` request is forwarded: consumer limits and the budget (docs/http-api.md). */
  admitPassThrough: AdmitPassThrough;
  trustProxy: TrustProxy;
  /** The file config with stored configs laid over it: what the ingress routes by. */
  configs: ConfigStore;
}

export function createIngressGovernance(options: IngressGovernanceOptions): IngressGovernance {
  const { settings, logger, stores } = options;
  const globalAllowlist = IpAllowlist.parse(settings.SLUICE_IP_ALLOWLIST ?? [], 'SLUICE_IP_ALLOWLIST');
  const trustProxy = parseTrustProxy(settings.SLUICE_TRUST_PROXY);
  const limiter = new ConsumerRateLimiter(options.redis, stores.keys);
  const ledger = new BudgetLedger(options.redis, stores.keys);
  const priceBook = new PriceBook(options.config.pricing);
  const warning = governanceModeWarning(settings.SLUICE_ADMIN_TOKEN !== undefined, stores.directory.hasKeys);
  if (warning) logger.warn(warning);

  const authenticateCall = authenticate({ directory: stores.directory, adminToken: settings.SLUICE_ADMIN_TOKEN });
  const gate: GateMiddleware[] = [
    { paths: '/', handler: globalIpAllowlist(globalAllowlist) },
    ...(options.controlPlaneGate ? [{ paths: '/', handler: options.controlPlaneGate }] : []),
    {
      paths: '/metrics',
      handler: requireMetricsToken({
        adminToken: settings.SLUICE_ADMIN_TOKEN,
        metricsToken: settings.SLUICE_METRICS_TOKEN,
      }),
    },
    { paths: ['/v1', '/v1beta'], handler: authenticateCall },
  ];
  return {
    gate,
    admitModelCall: admitFromRequest(
      admitModelCall({
        configs: stores.configs,
        prompts: stores.prompts,
        limiter,
        ledger,
        priceBook,
        logger: options.logger,
        holdTtlMs: { sync: settings.SLUICE_REQUEST_TIMEOUT_MS + 5 * 60_000, async: 24 * 3600_000 },
      }),
    ),
    admitPassThrough: passThroughAdmission({
      limiter,
      ledger,
      holdTtlMs: settings.SLUICE_REQUEST_TIMEOUT_MS + 5 * 60_000,
    }),
    trustProxy,
    configs: stores.configs,
  };
}
