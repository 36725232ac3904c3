import { type Admission, type Admit, governanceOf } from '@sluice/governance';
import type { Request, Response } from 'express';
import type { ModelCallRoute } from '../../model-call-routes';
import { modelCallOf } from './model-call-of';

export type { Admission } from '@sluice/governance';

/** How a route admits its call, once its body is read: governed (admitModelCall), or on an open gateway. */
export type AdmitCall = (route: ModelCallRoute, request: Request, response: Response) => Promise<Admission>;

/** What a route's handler did with an admitted call: enqueued it for a provider, or answered it without one. */
export type Served = 'enqueued' | 'answered';

/** A route's handler: it answers an admitted call, and says whether it enqueued it for a provider. */
export type ServeCall = (request: Request, response: Response, admission: Admission) => Promise<Served>;

/** Admission (packages/governance) run on a request: its call read off the body, its RateLimit fields answered. */
export function admitFromRequest(admit: Admit): AdmitCall {
  return (route, request, response) =>
    admit({
      governance: governanceOf(request),
      call: modelCallOf(route, request),
      dialect: route.dialect,
      headers: request.headers,
      setHeader: (name, value) => {
        response.setHeader(name, value);
      },
    });
}
