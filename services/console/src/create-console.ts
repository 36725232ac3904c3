import type { GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import { BudgetLedger, type GovernanceStores } from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import type { ProviderQueues, QueueCatalog, RedisClient } from '@sluice/queues';
import { type LogRetention, RequestLogReader } from '@sluice/request-log';
import type { RequestHandler, Router } from 'express';
import { adminRouter } from './admin/admin-router';
import { consoleGate } from './console-gate';
import { analyticsRoutes } from './routes/analytics-routes';
import { dashboardAssets, dashboardPage } from './routes/dashboard-routes';
import { logExportRoute } from './routes/log-export-route';
import { logImportRoute } from './routes/log-import-route';
import { logRoutes } from './routes/log-routes';
import { QUEUE_BOARD_PATH, queueBoardRoutes } from './routes/queue-board-routes';
import { DashboardSessions } from './session/dashboard-sessions';
import { sessionRoutes } from './session/session-routes';

export interface ConsoleDependencies {
  /** The stored virtual keys, provider keys, configs and prompts the admin API edits. */
  stores: GovernanceStores;
  redis: RedisClient;
  catalog: QueueCatalog;
  adminToken: string | undefined;
  /** The request log (PostgreSQL or PGlite), read by /v1/logs and /v1/analytics and written by the import. */
  database: SqlDatabase;
  queues: ProviderQueues;
  config: () => GatewayConfig;
  logger: Logger;
  /** The request log's retention, which `POST /admin/logs/import` applies; absent: imports keep every record. */
  logRetention?: LogRetention;
  /** The longest line an import takes (SLUICE_BODY_LIMIT). */
  maxImportLineBytes: number;
}

/** The control plane, served by the ingress's app on its port: what it adds to the gate, and its routes. */
export interface Console {
  /** Runs in the gate before authentication: reads the dashboard session, guards /admin with the admin token. */
  gate: RequestHandler;
  /** Mounts the dashboard, the session, log and analytics routes, the queue board and the admin API. */
  mount(app: Router, readJson: RequestHandler): void;
}

/**
 * The control plane (services/console): the dashboard and its sign-in, the request log's reading, export and import,
 * analytics, the queue board and the admin API (docs/dashboard.md, docs/request-log.md).
 */
export function createConsole(dependencies: ConsoleDependencies): Console {
  const { stores, adminToken } = dependencies;
  const sessions = new DashboardSessions(dependencies.redis, dependencies.catalog.prefix);
  const providerIds = () => Object.keys(dependencies.config().providers);
  const logReader = new RequestLogReader({ database: dependencies.database });
  const gate = consoleGate(sessions, {
    adminToken,
    isOpen: () => adminToken === undefined && !stores.directory.hasKeys,
    queueBoardPath: QUEUE_BOARD_PATH,
  });
  return {
    gate,
    mount(app, readJson) {
      app.get('/', dashboardPage);
      app.use('/dashboard/session', readJson, sessionRoutes({ sessions, directory: stores.directory, adminToken }));
      app.use('/dashboard', dashboardAssets());
      app.get('/v1/logs/export', logExportRoute(logReader, dependencies.logger));
      app.use('/v1/logs', logRoutes(logReader));
      app.use('/v1/analytics', analyticsRoutes({ reader: logReader, queues: dependencies.queues, providerIds }));
      app.use(QUEUE_BOARD_PATH, queueBoardRoutes(dependencies.queues, providerIds()));
      app.post(
        '/admin/logs/import',
        logImportRoute({
          database: dependencies.database,
          config: dependencies.config,
          retention: dependencies.logRetention,
          maxLineBytes: dependencies.maxImportLineBytes,
        }),
      );
      const ledger = new BudgetLedger(dependencies.redis, stores.keys);
      app.use('/admin', readJson, adminRouter({ ...stores, keys: stores.virtualKeys, ledger }));
    },
  };
}
