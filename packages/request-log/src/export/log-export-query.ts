import { z } from 'zod';
import { LogFiltersSchema } from '../log-query-schemas';

/** `GET /v1/logs/export`: the /v1/logs filters and the format (default NDJSON). */
export const LogExportQuerySchema = LogFiltersSchema.extend({
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
}).refine((query) => !query.from || !query.to || query.from < query.to, {
  message: 'must be earlier than to',
  path: ['from'],
});
export type LogExportQuery = z.infer<typeof LogExportQuerySchema>;
