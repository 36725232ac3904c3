import type { GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import { importLogRecords, type LogRetention, PriceBook, RequestLogWriter } from '@sluice/request-log';
import type { RequestHandler } from 'express';

export interface LogImportRouteOptions {
  database: SqlDatabase;
  config: () => GatewayConfig;
  /** SLUICE_LOG_RETENTION_DAYS and SLUICE_LOG_BODY_RETENTION_DAYS: older records are refused, older bodies dropped. */
  retention?: LogRetention;
  /** The longest line accepted (SLUICE_BODY_LIMIT). */
  maxLineBytes: number;
}

/**
 * POST /admin/logs/import (docs/request-log.md): an NDJSON body of log records, read as it streams in (never the
 * whole body in memory), written idempotently by id with their rollups. Answers once the body is read:
 * `{object: "logs.import", lines, inserted, duplicates, failed, errors: [{line, message}]}` — bad lines do not
 * stop the import. Mounted behind the admin token, before any body parser.
 */
export function logImportRoute(options: LogImportRouteOptions): RequestHandler {
  return async (request, response) => {
    const config = options.config();
    const writer = new RequestLogWriter({
      database: options.database,
      priceBook: new PriceBook(config.pricing),
      storeBodies: config.logging.bodies,
      retention: options.retention,
    });
    const result = await importLogRecords({ source: request, writer, maxLineBytes: options.maxLineBytes });
    response.json({ object: 'logs.import', ...result });
  };
}
