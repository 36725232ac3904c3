import { CompletionEventSchema } from '@sluice/queues';
import { z } from 'zod';

/**
 * One line of an import (SPEC §7's record, as GET /v1/logs/:id and the NDJSON export give it). Fields the record
 * leaves out take the log's defaults; a record without cost_usd is priced like a live request. Unknown fields
 * (`object`, another gateway's extras) are ignored.
 */
export const LogImportRecordSchema = CompletionEventSchema.omit({ admission_id: true, cache_store: true }).extend({
  created_at: z.iso.datetime({ offset: true }),
  endpoint: CompletionEventSchema.shape.endpoint.default('chat'),
  served_model: z.string().nullable().default(null),
  provider: z.string().nullable().default(null),
  http_status: z.number().int().default(200),
  attempts: CompletionEventSchema.shape.attempts.default([]),
  cost_usd: z.number().nonnegative().optional(),
  saved_usd: z.number().nonnegative().optional(),
  priced: z.boolean().optional(),
  usage_estimated: z.boolean().default(false),
  request_body: z.unknown().optional(),
  response_body: z.unknown().optional(),
});
export type LogImportRecord = z.infer<typeof LogImportRecordSchema>;
