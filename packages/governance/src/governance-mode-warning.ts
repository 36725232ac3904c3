/**
 * What a starting gateway warns about its governance: an open gateway (development mode: no admin token, no virtual
 * key), or keys without an admin token; undefined when both are set.
 */
export function governanceModeWarning(hasAdminToken: boolean, hasKeys: boolean): string | undefined {
  if (!hasAdminToken && !hasKeys)
    return 'DEVELOPMENT MODE: the gateway is OPEN — no SLUICE_ADMIN_TOKEN is set and no virtual key exists, so anyone who can reach it can call every configured provider. Set SLUICE_ADMIN_TOKEN and create virtual keys before exposing it.';
  if (!hasAdminToken)
    return 'virtual keys exist but SLUICE_ADMIN_TOKEN is not set: /v1 needs a key, and the admin API is disabled';
  return undefined;
}
