import type { RequestLogRecord } from './request-log-record';

/** A `request_logs` row as the drivers return it (both parse jsonb, and return timestamptz as Date). */
export type RequestLogRow = Omit<RequestLogRecord, 'created_at'> & { created_at: Date | string };

/** A row as the record the API answers with; bodies are included only when the row carries them. */
export function recordFromRow(row: RequestLogRow): RequestLogRecord {
  const { created_at, request_body, response_body, translated_request_body, ...rest } = row;
  const record: RequestLogRecord = { ...rest, created_at: new Date(created_at).toISOString() };
  if ('request_body' in row) record.request_body = request_body ?? null;
  if ('response_body' in row) record.response_body = response_body ?? null;
  if (translated_request_body !== undefined && translated_request_body !== null) {
    record.translated_request_body = translated_request_body;
  }
  return record;
}
