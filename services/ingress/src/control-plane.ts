import type { RequestHandler, Router } from 'express';

/**
 * The control plane (services/console, built by the composition root) served on the ingress's app and port, so every
 * path, auth rule and error shape stays one gateway's: its part of the gate runs before authentication, and its
 * routes are mounted before the pass-through and the 404.
 */
export interface ControlPlane {
  gate: RequestHandler;
  mount(app: Router, readJson: RequestHandler): void;
}
