import { NotFoundError } from '@sluice/errors';
import type { InvalidationBus, ProviderKeyVault } from '@sluice/governance';
import { parseInput } from '@sluice/json-input';
import { Router } from 'express';
import { z } from 'zod';

/** Shorter than any real provider's key: a typo or a test value, refused rather than sent upstream. */
const MIN_PROVIDER_KEY_LENGTH = 8;

const ProviderKeyBodySchema = z.strictObject({
  api_key: z
    .string()
    .trim()
    .min(MIN_PROVIDER_KEY_LENGTH, `must be at least ${MIN_PROVIDER_KEY_LENGTH} characters (a provider's API key)`)
    .max(8192),
});

export interface ProviderKeyRouteDependencies {
  vault: ProviderKeyVault;
  providerIds: () => string[];
  bus: InvalidationBus;
}

/**
 * /admin/provider-keys/:provider: set or rotate (PUT or POST `{ api_key }`), list, get, delete. Keys are stored
 * sealed and shown only by their last characters; a change reaches every worker within a second.
 */
export function providerKeyRoutes(dependencies: ProviderKeyRouteDependencies): Router {
  const router = Router();
  const configured = (provider: string) => {
    if (dependencies.providerIds().includes(provider)) return provider;
    throw new NotFoundError(
      `no provider named "${provider.slice(0, 140)}" is configured; configured: ${dependencies.providerIds().join(', ') || 'none'}`,
      'provider_not_found',
    );
  };
  const set = async (provider: string, body: unknown) => {
    const account = configured(provider);
    const { api_key: apiKey } = parseInput(ProviderKeyBodySchema, body, 'provider key');
    const view = await dependencies.vault.set(account, apiKey);
    await dependencies.bus.publish('provider-keys');
    return view;
  };
  router.put('/:provider', async (request, response) => {
    response.json(await set(request.params.provider, request.body));
  });
  router.post('/:provider', async (request, response) => {
    response.json(await set(request.params.provider, request.body));
  });
  router.get('/', async (_request, response) => {
    response.json({ object: 'list', data: await dependencies.vault.list() });
  });
  router.get('/:provider', async (request, response) => {
    const view = (await dependencies.vault.list()).find((entry) => entry.provider === request.params.provider);
    if (!view)
      throw new NotFoundError(
        `no key is stored for provider "${request.params.provider.slice(0, 140)}"`,
        'provider_key_not_found',
      );
    response.json(view);
  });
  router.delete('/:provider', async (request, response) => {
    const provider = configured(request.params.provider);
    const deleted = await dependencies.vault.remove(provider);
    await dependencies.bus.publish('provider-keys');
    response.json({ provider, object: 'provider_key', deleted });
  });
  return router;
}
