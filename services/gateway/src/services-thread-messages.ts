import { MessagePort } from 'node:worker_threads';
import { SERVICE_NAMES } from '@sluice/config';
import { z } from 'zod';

/** What the main thread hands the services thread at spawn (`workerData`). */
export const ServicesThreadDataSchema = z.object({
  services: z.array(z.enum(SERVICE_NAMES)).min(1),
  /** The validated GatewayConfig, re-validated on arrival. */
  config: z.unknown(),
  /** Present when the database is embedded PGlite: the services thread owns it and serves it on this port. */
  databasePort: z.instanceof(MessagePort).optional(),
  /** Whether the whole process runs every service, the condition for embedded PGlite. */
  embeddedAllowed: z.boolean(),
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
