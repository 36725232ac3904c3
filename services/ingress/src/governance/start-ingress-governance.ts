import { BudgetLedger, type ConfigStore, ConsumerRateLimiter, IpAllowlist } from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import { PriceBook } from '@sluice/request-log';
import type { RequestHandler, Router } from 'express';
import { adminRouter } from './admin/admin-router';
import type { AdmitCall } from './admission/admission';
import { admitModelCall } from './admission/admit-model-call';
import { type AdmitPassThrough, passThroughAdmission } from './admission/pass-through-admission';
import { authenticate } from './authenticate';
import { globalIpAllowlist } from './global-ip-allowlist';
import { type GovernanceStoreOptions, openGovernanceStores } from './open-governance-stores';
import { requireAdminToken } from './require-admin-token';
import { requireMetricsToken } from './require-metrics-token';
import { DashboardSessions } from './session/dashboard-sessions';
import { readDashboardSession } from './session/read-dashboard-session';
import { sessionRoutes } from './session/session-routes';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

/** One of the gate's middlewares and the paths it runs under, as `app.use(paths, handler)` mounts it. */
export interface GateMiddleware {
  paths: string | string[];
  handler: RequestHandler;
}

/** The ingress's governance: what createIngressApp mounts, and the stores it routes by. */
export interface IngressGovernance {
  /**
   * Mounted in order before everything else: the global IP allowlist, the dashboard session, the admin token on
   * /admin, the metrics token on /metrics, authentication on /v1 and /v1beta (Gemini's dialect).
   */
  gate: readonly GateMiddleware[];
  /** Once a model call's body is read: prompts, permissions, the routing config, consumer limits and budget holds. */
  admitModelCall: AdmitCall;
  /** Before a passed-through `/v1/*` request is forwarded: consumer limits and the budget (docs/http-api.md). */
  admitPassThrough: AdmitPassThrough;
  /** The admin API, mounted at /admin after the JSON body parser. */
  adminRoutes: Router;
  /** Dashboard sign-in and sign-out, mounted at /dashboard/session after the JSON body parser. */
  sessionRoutes: Router;
  trustProxy: TrustProxy;
  /** The file config with stored configs laid over it: what the ingress routes by. */
  configs: ConfigStore;
  stop(): Promise<void>;
}

/** Periodic full refresh, in case an invalidation message was lost. */
const SAFETY_REFRESH_MS = 30_000;

export async function startIngressGovernance(options: GovernanceStoreOptions): Promise<IngressGovernance> {
  const { settings, logger } = options;
  const globalAllowlist = IpAllowlist.parse(settings.SLUICE_IP_ALLOWLIST ?? [], 'SLUICE_IP_ALLOWLIST');
  const trustProxy = parseTrustProxy(settings.SLUICE_TRUST_PROXY);
  const stores = await openGovernanceStores(options);
  const limiter = new ConsumerRateLimiter(options.redis, stores.keys);
  const ledger = new BudgetLedger(options.redis, stores.keys);
  const priceBook = new PriceBook(options.config.pricing);
  const timer = setInterval(
    () => void stores.refreshAll().catch((error: unknown) => logger.warn({ err: error }, 'governance refresh failed')),
    SAFETY_REFRESH_MS,
  );
  timer.unref();
  announceMode(settings.SLUICE_ADMIN_TOKEN !== undefined, stores.directory.hasKeys, logger);

  const sessions = new DashboardSessions(options.redis, options.catalog.prefix);
  const authenticateCall = authenticate({ directory: stores.directory, adminToken: settings.SLUICE_ADMIN_TOKEN });
  const gate: GateMiddleware[] = [
    { paths: '/', handler: globalIpAllowlist(globalAllowlist) },
    { paths: '/', handler: readDashboardSession(sessions) },
    {
      paths: '/admin',
      handler: requireAdminToken({
        adminToken: settings.SLUICE_ADMIN_TOKEN,
        isOpen: () => settings.SLUICE_ADMIN_TOKEN === undefined && !stores.directory.hasKeys,
        queueBoardPath: '/admin/queues',
      }),
    },
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
    admitModelCall: admitModelCall({
      configs: stores.configs,
      prompts: stores.prompts,
      limiter,
      ledger,
      priceBook,
      logger: options.logger,
      holdTtlMs: { sync: settings.SLUICE_REQUEST_TIMEOUT_MS + 5 * 60_000, async: 24 * 3600_000 },
    }),
    admitPassThrough: passThroughAdmission({
      limiter,
      ledger,
      holdTtlMs: settings.SLUICE_REQUEST_TIMEOUT_MS + 5 * 60_000,
    }),
    adminRoutes: adminRouter({ ...stores, keys: stores.virtualKeys, ledger }),
    sessionRoutes: sessionRoutes({ sessions, directory: stores.directory, adminToken: settings.SLUICE_ADMIN_TOKEN }),
    trustProxy,
    configs: stores.configs,
    async stop() {
      clearInterval(timer);
      await stores.bus.stop();
    },
  };
}

function announceMode(hasAdminToken: boolean, hasKeys: boolean, logger: Logger): void {
  if (!hasAdminToken && !hasKeys) {
    logger.warn(
      'DEVELOPMENT MODE: the gateway is OPEN — no SLUICE_ADMIN_TOKEN is set and no virtual key exists, so anyone who can reach it can call every configured provider. Set SLUICE_ADMIN_TOKEN and create virtual keys before exposing it.',
    );
  } else if (!hasAdminToken) {
    logger.warn('virtual keys exist but SLUICE_ADMIN_TOKEN is not set: /v1 needs a key, and the admin API is disabled');
  }
}
