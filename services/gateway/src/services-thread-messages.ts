import { MessagePort } from 'node:worker_threads';
import { SERVICE_NAMES } from '@sluice/config';
import { z } from 'zod';

/** Embedded PGlite across threads: its owner serves it on `serve` ports; every other thread uses one `use` port. */
const ThreadDatabaseSchema = z.union([
  z.object({ serve: z.array(z.instanceof(MessagePort)) }),
  z.object({ use: z.instanceof(MessagePort) }),
]);

/** What the main thread hands a services thread at spawn (`workerData`). */
export const ServicesThreadDataSchema = z.object({
  services: z.array(z.enum(SERVICE_NAMES)).min(1),
  /** The validated GatewayConfig, re-validated on arrival. */
  config: z.unknown(),
  /** Present when the database is embedded PGlite; absent, the thread opens PostgreSQL itself when it needs it. */
  database: ThreadDatabaseSchema.optional(),
  /** Whether the whole process runs every service, the condition for embedded PGlite. */
  embeddedAllowed: z.boolean(),
  /** The thread that runs the worker: its end of the reply channel to the ingress on the main thread. */
  localReplies: z.object({ streamId: z.string(), port: z.instanceof(MessagePort) }).optional(),
  /** The thread that runs the worker: its end of the sync hand-off from the ingress (docs/sync-handoff.md). */
  localHandoff: z
    .object({
      port: z.instanceof(MessagePort),
      memory: z.instanceof(SharedArrayBuffer),
      providers: z.array(z.string()),
    })
    .optional(),
});
export type ServicesThreadData = z.infer<typeof ServicesThreadDataSchema>;

export const ToServicesThreadSchema = z.object({ type: z.literal('stop') });
export type ToServicesThread = z.infer<typeof ToServicesThreadSchema>;

export const FromServicesThreadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('failed'), reason: z.string() }),
  z.object({ type: z.literal('stopped') }),
]);
export type FromServicesThread = z.infer<typeof FromServicesThreadSchema>;
