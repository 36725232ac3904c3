import { z } from 'zod';

const requestId = z.number().int().nonnegative();
const transactionId = z.number().int().nonnegative();

/**
 * What a PortDatabase asks serveDatabase over a MessagePort. Each side validates what it receives: the other
 * thread is another program as far as types go. `transactionId` names a transaction the client opened with
 * `begin`; a statement without it runs on the database outside any transaction.
 */
export const DatabaseRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('query'),
    id: requestId,
    sql: z.string(),
    params: z.array(z.unknown()),
    transactionId: transactionId.optional(),
  }),
  z.object({ type: z.literal('exec'), id: requestId, sql: z.string(), transactionId: transactionId.optional() }),
  z.object({ type: z.literal('begin'), id: requestId, transactionId }),
  z.object({ type: z.literal('commit'), id: requestId, transactionId }),
  z.object({ type: z.literal('rollback'), id: requestId, transactionId }),
]);
export type DatabaseRequest = z.infer<typeof DatabaseRequestSchema>;

/** An error flattened for the port: its name, message and, from PostgreSQL, the error fields. */
export const PortedErrorSchema = z.object({
  name: z.string(),
  message: z.string(),
  severity: z.string().optional(),
  code: z.string().optional(),
  detail: z.string().optional(),
  hint: z.string().optional(),
  position: z.string().optional(),
  where: z.string().optional(),
  schema: z.string().optional(),
  table: z.string().optional(),
  column: z.string().optional(),
  dataType: z.string().optional(),
  constraint: z.string().optional(),
});
export type PortedError = z.infer<typeof PortedErrorSchema>;

/** The answer to one request: the rows of a query, or the error it raised. */
export const DatabaseReplySchema = z.discriminatedUnion('ok', [
  z.object({ id: requestId, ok: z.literal(true), rows: z.array(z.record(z.string(), z.unknown())).optional() }),
  z.object({ id: requestId, ok: z.literal(false), error: PortedErrorSchema }),
]);
export type DatabaseReply = z.infer<typeof DatabaseReplySchema>;

/** Enough of a malformed message to tell which request it answers. */
export const MessageIdSchema = z.object({ id: requestId });
