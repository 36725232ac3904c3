import { z } from 'zod';

/** Who a dashboard session signed in as: the admin, or a virtual key (a read-only view of its own requests). */
export const SessionPrincipalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('admin') }),
  z.object({ kind: z.literal('virtual-key'), keyId: z.string() }),
]);
export type SessionPrincipal = z.infer<typeof SessionPrincipalSchema>;
