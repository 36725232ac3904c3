import type { GatewayConfig } from '@sluice/config';
import { authorizeRoute } from '@sluice/governance';
import type { Request } from 'express';
import { configHeader } from '../read-request-context';
import { governanceOf } from './request-governance';

/**
 * A virtual key's model and config permissions for a call that admission does not charge
 * (`/v1/messages/count_tokens`): a 403 when refused, and the key's default config for a request that names none.
 */
export function authorizeModelUse(request: Request, model: string, config: GatewayConfig): void {
  const governance = governanceOf(request);
  if (governance?.principal.kind !== 'virtual-key') return;
  const decision = authorizeRoute(
    governance.principal.key.record,
    { model, configHeader: configHeader(request) },
    config,
  );
  governance.configOverride = decision.configOverride;
}
