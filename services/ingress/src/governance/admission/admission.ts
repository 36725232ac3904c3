import type { RequestContext } from '@sluice/queues';
import type { ResolvedConfig } from '@sluice/routing';
import type { Request, Response } from 'express';
import type { ModelCallRoute } from '../../model-call-routes';

/** What admission settled for one call, handed down the line: to planning, the cache gate and the request log. */
export interface Admission {
  /** The config the request routes by when one is named: its x-sluice-config, or its virtual key's default config. */
  configHeader: string | undefined;
  /** The routing config, resolved once; undefined when resolving refuses (planning then answers with that 400). */
  resolved: ResolvedConfig | undefined;
  /** The key, the holds' id (when the call holds anything), the stored config's version and the stored prompt. */
  logged: Pick<RequestContext, 'virtualKeyId' | 'admissionId' | 'configVersion' | 'promptId' | 'promptVersion'>;
  /** Gives the holds back at once: the call never reached a provider, or was answered without one. Idempotent. */
  giveBack(): void;
}

/** How a route admits its call, once its body is read: governed (admitModelCall), or on an open gateway. */
export type AdmitCall = (route: ModelCallRoute, request: Request, response: Response) => Promise<Admission>;

/** What a route's handler did with an admitted call: enqueued it for a provider, or answered it without one. */
export type Served = 'enqueued' | 'answered';

/** A route's handler: it answers an admitted call, and says whether it enqueued it for a provider. */
export type ServeCall = (request: Request, response: Response, admission: Admission) => Promise<Served>;
