import { AuthenticationError } from '@sluice/errors';
import { presentedCredential, secretMatches } from '@sluice/governance';
import type { RequestHandler } from 'express';

export interface MetricsTokenOptions {
  adminToken: string | undefined;
  metricsToken: string | undefined;
}

/**
 * Guards GET /metrics (docs/tenancy-and-upstream-validation.md): once SLUICE_ADMIN_TOKEN or SLUICE_METRICS_TOKEN is
 * set, a scrape needs `Authorization: Bearer` with either one, compared in constant time; with neither set the
 * endpoint stays open, as the rest of a development-mode gateway does.
 */
export function requireMetricsToken(options: MetricsTokenOptions): RequestHandler {
  const accepted = [options.metricsToken, options.adminToken].filter((token) => token !== undefined);
  return (request, response, next) => {
    if (accepted.length === 0) {
      next();
      return;
    }
    const presented = presentedCredential(request);
    if (presented === undefined || !accepted.some((token) => secretMatches(presented, token))) {
      response.setHeader('www-authenticate', 'Bearer realm="sluice-metrics", Basic realm="sluice-metrics"');
      throw new AuthenticationError(
        '/metrics needs a token: send Authorization: Bearer $SLUICE_METRICS_TOKEN (or the admin token).',
        'invalid_metrics_token',
      );
    }
    next();
  };
}
