import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { adminClient, eventually } from '../helpers/admin-client';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-rotation';
const VAULT_PROVIDER_KEY = 'sk-vault-0123456789abcdef';
const OLD_MASTER_KEY = randomBytes(32).toString('base64');
const NEW_MASTER_KEY = randomBytes(32).toString('base64');

describe('rotating the master key as the README says: new key in SLUICE_MASTER_KEY, old in SLUICE_MASTER_KEY_PREVIOUS, restart, then drop the old', () => {
  let simulator: RunningSimulator;
  let database: ScratchPostgres;

  before(async () => {
    simulator = await startOpenAISimulator({ knobs: { requiredApiKey: VAULT_PROVIDER_KEY } });
    database = await createScratchPostgres();
  });
  after(async () => {
    await simulator.close();
    await database.drop();
  });

  /** Starts a gateway on the shared database with these master keys, makes one call through the stored key, stops. */
  async function callThrough(masterKeys: Record<string, string>, storeKey = false): Promise<void> {
    const gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-not-the-stored-key\n`,
      env: { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN, DATABASE_URL: database.url, ...masterKeys },
    });
    try {
      if (storeKey)
        assert.equal(
          (
            await adminClient(gateway.url, ADMIN_TOKEN).request('PUT', '/admin/provider-keys/openai', {
              api_key: VAULT_PROVIDER_KEY,
            })
          ).status,
          200,
        );
      const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: ADMIN_TOKEN, maxRetries: 0 });
      await eventually(
        async () =>
          await client.chat.completions
            .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
            .then(
              () => true,
              () => false,
            ),
      );
    } finally {
      await gateway.stop();
    }
  }

  test('the stored provider key keeps working through each step', async () => {
    await callThrough({ SLUICE_MASTER_KEY: OLD_MASTER_KEY }, true);
    await callThrough({ SLUICE_MASTER_KEY: NEW_MASTER_KEY, SLUICE_MASTER_KEY_PREVIOUS: OLD_MASTER_KEY });
    await callThrough({ SLUICE_MASTER_KEY: NEW_MASTER_KEY });
    await assert.rejects(
      callThrough({ SLUICE_MASTER_KEY: OLD_MASTER_KEY }),
      /SLUICE_MASTER_KEY does not open the stored key of provider "openai"/,
    );
  });
});
