import { once } from 'node:events';
import { logScopeOf } from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import {
  CSV_EXPORT_COLUMNS,
  csvLine,
  parseLogExportParams,
  type RequestLogReader,
  type RequestLogRecord,
} from '@sluice/request-log';
import type { RequestHandler, Response } from 'express';

const CONTENT_TYPES = { ndjson: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

/**
 * GET /v1/logs/export?format=ndjson|csv with the /v1/logs filters (docs/request-log.md): every matching record,
 * within the caller's scope (a key exports only its own rows), newest first, streamed page by page as the client reads — NDJSON records carry their bodies, CSV rows do not.
 * A failure after the first byte can only cut the stream, so it is logged and the connection is ended early.
 */
export function logExportRoute(reader: RequestLogReader, logger: Logger): RequestHandler {
  return async (request, response) => {
    const { format, ...filters } = parseLogExportParams(request.query);
    response.status(200);
    response.setHeader('content-type', CONTENT_TYPES[format]);
    response.setHeader('content-disposition', `attachment; filename="sluice-logs.${format}"`);
    if (format === 'csv') await send(response, csvLine(CSV_EXPORT_COLUMNS));
    try {
      for await (const page of reader.pages(filters, { bodies: format === 'ndjson', scope: logScopeOf(request) })) {
        if (response.destroyed) return;
        await send(response, page.map(format === 'csv' ? csvRecord : ndjsonRecord).join(''));
      }
      response.end();
    } catch (error) {
      logger.error({ err: error }, 'log export failed part-way; the stream was cut');
      response.destroy();
    }
  };
}

function ndjsonRecord(record: RequestLogRecord): string {
  return `${JSON.stringify(record)}\n`;
}

function csvRecord(record: RequestLogRecord): string {
  return csvLine(CSV_EXPORT_COLUMNS.map((column) => record[column]));
}

/** Writes, waiting for the socket to drain when its buffer is full, so a slow reader holds back the database. */
async function send(response: Response, text: string): Promise<void> {
  if (!response.write(text)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
}
