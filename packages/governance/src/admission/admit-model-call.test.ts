import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { GatewayConfigSchema } from '@sluice/config';
import { SluiceError } from '@sluice/errors';
import { createLogger } from '@sluice/observability';
import { noHashTag } from '@sluice/queues';
import { PriceBook } from '@sluice/request-log';
import type { EntryDialect } from '@sluice/routing';
import { Redis } from 'ioredis';
import { openScratchPglite, type ScratchDatabase } from '../../../../test/helpers/scratch-databases';
import { deleteKeys } from '../../../../test/helpers/start-test-gateway';
import { BudgetLedger, toNano } from '../budgets/budget-ledger';
import { VersionedDocumentStore } from '../documents/versioned-document-store';
import { createGovernanceKeys } from '../governance-keys';
import { GOVERNANCE_MIGRATIONS } from '../governance-migrations';
import type { Principal } from '../identity/request-identity';
import { ConsumerRateLimiter } from '../limits/consumer-rate-limiter';
import { parseRateLimitPolicies } from '../limits/rate-limit-policy';
import { IpAllowlist } from '../network/ip-allowlist';
import { PromptStore } from '../prompts/prompt-store';
import type { Admission, Admit, CallToAdmit, ModelCall } from './admission';
import { admitModelCall } from './admit-model-call';
import { admitUngovernedCall } from './admit-ungoverned-call';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const config = GatewayConfigSchema.parse({
  providers: { oai: { type: 'openai', api_key: 'k' }, claude: { type: 'anthropic', api_key: 'k' } },
  configs: { team: { strategy: 'single', targets: [{ provider: 'oai', model: 'gpt-4o-mini' }] } },
  pricing: { 'gpt-4o-mini': { input: 1, output: 1 } },
});
const configs = { current: () => config, versionOf: (id: string) => (id === 'team' ? 7 : undefined) };

interface KeyOptions {
  allowedModels?: string[];
  config?: string | null;
  budgetUsd?: number;
  rateLimit?: string;
}

function virtualKey(options: KeyOptions) {
  const now = new Date().toISOString();
  return {
    kind: 'virtual-key' as const,
    key: {
      record: {
        id: `vk_${randomUUID().slice(0, 8)}`,
        name: 'test',
        keyHash: 'h',
        keyHint: 'sk-…',
        config: options.config ?? null,
        allowedModels: options.allowedModels ?? [],
        allowedConfigs: [],
        rateLimit: options.rateLimit ?? null,
        budget: options.budgetUsd === undefined ? null : { usd: options.budgetUsd, period: 'month' as const },
        ipAllowlist: [],
        expiresAt: null,
        revokedAt: null,
        createdAt: now,
        updatedAt: now,
      },
      policies: options.rateLimit ? parseRateLimitPolicies(options.rateLimit, 'rate_limit') : [],
      ipAllowlist: IpAllowlist.parse([], 'ip_allowlist'),
    },
  };
}

/** The model call each path makes, as the ingress reads it off the request, and the dialect it is in. */
function modelCallAt(path: string, body: Record<string, unknown>): { call: ModelCall; dialect: EntryDialect } {
  if (path === '/v1/chat/completions')
    return { call: { body, acceptsPrompt: true, async: false, generates: true }, dialect: 'openai' };
  if (path === '/v1/messages')
    return { call: { body, acceptsPrompt: false, async: false, generates: true }, dialect: 'anthropic' };
  if (path === '/v1/messages/count_tokens')
    return { call: { body, acceptsPrompt: false, async: false, generates: false, counts: true }, dialect: 'anthropic' };
  if (path === '/v1/jobs') {
    const inner = body.body as Record<string, unknown>;
    return { call: { body: inner, acceptsPrompt: true, async: true, generates: true }, dialect: 'openai' };
  }
  throw new Error(`no model call at ${path}`);
}

/** A call to `path` with `body`, authenticated as `principal`, whose response headers are kept. */
function call(path: string, body: Record<string, unknown>, principal: Principal) {
  const admissionId = `adm_${randomUUID().replaceAll('-', '')}`;
  const headers = new Map<string, unknown>();
  const requestHeaders: Record<string, string> = {};
  const toAdmit: CallToAdmit = {
    governance: { principal, admissionId },
    ...modelCallAt(path, body),
    headers: requestHeaders,
    setHeader: (name, value) => headers.set(name.toLowerCase(), value),
  };
  return { toAdmit, requestHeaders, admissionId, headers };
}

const chat = (model: string) => ({ model, messages: [{ role: 'user', content: 'hello' }], max_tokens: 100 });
const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('admitModelCall on real Redis and PGlite', () => {
  const prefix = `adm${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL);
  const keys = createGovernanceKeys(prefix, noHashTag);
  const ledger = new BudgetLedger(redis, keys);
  let scratch: ScratchDatabase;
  let admit: Admit;

  before(async () => {
    scratch = await openScratchPglite(GOVERNANCE_MIGRATIONS);
    const documents = new VersionedDocumentStore(scratch.database, 'stored_prompts');
    await documents.append('greet', { template: 'Hello {{name}}', model: 'gpt-4o-mini' });
    const prompts = new PromptStore(documents);
    await prompts.refresh();
    admit = admitModelCall({
      configs,
      prompts,
      limiter: new ConsumerRateLimiter(redis, keys),
      ledger,
      priceBook: new PriceBook(config.pricing),
      logger: createLogger({ level: 'silent' }),
      holdTtlMs: { sync: 60_000, async: 3_600_000 },
    });
  });
  after(async () => {
    await scratch.dispose();
    await deleteKeys(REDIS_URL, prefix);
    redis.disconnect();
  });

  const admitted = (c: ReturnType<typeof call>): Promise<Admission> => admit(c.toAdmit);

  test('resolves the routing config once, with the key’s default config and the stored version', async () => {
    const admission = await admitted(call('/v1/chat/completions', chat('anything'), virtualKey({ config: 'team' })));
    assert.equal(admission.configHeader, 'team');
    assert.equal(admission.resolved?.id, 'team');
    assert.equal(admission.logged.configVersion, 7);
    assert.equal(admission.logged.admissionId, undefined, 'no limit, no budget: nothing held');
  });

  test('an Anthropic call resolves in its dialect: a claude-* name goes to the Anthropic account', async () => {
    const admission = await admitted(call('/v1/messages', chat('claude-sonnet-4-5'), { kind: 'open' }));
    assert.deepEqual(admission.resolved?.routing.targets, [{ provider: 'claude' }]);
  });

  test('a model the key may not use is a 403, before anything is held', async () => {
    const c = call(
      '/v1/chat/completions',
      chat('gpt-4o'),
      virtualKey({ allowedModels: ['gpt-4o-mini'], budgetUsd: 1 }),
    );
    await assert.rejects(admitted(c), (error) => error instanceof SluiceError && error.code === 'model_not_allowed');
  });

  test('a stored prompt is applied to the body and returned for the log', async () => {
    const body = { prompt: { id: 'greet', variables: { name: 'Ada' } }, messages: [{ role: 'user', content: 'hi' }] };
    const admission = await admitted(call('/v1/chat/completions', body, { kind: 'open' }));
    assert.deepEqual([admission.logged.promptId, admission.logged.promptVersion], ['greet', 1]);
    assert.equal((body as Record<string, unknown>).model, 'gpt-4o-mini');
    assert.equal((body as { messages: unknown[] }).messages.length, 2);
  });

  test('a budgeted key holds an estimate until the holds are given back (once, however often asked)', async () => {
    const principal = virtualKey({ budgetUsd: 1, config: 'team' });
    const c = call('/v1/chat/completions', chat('gpt-4o-mini'), principal);
    const admission = await admitted(c);
    assert.equal(admission.logged.admissionId, c.admissionId);
    const budget = principal.key.record.budget;
    assert.ok(budget);
    assert.ok((await ledger.state(principal.key.record.id, budget)).reservedNano > 0);
    admission.giveBack();
    admission.giveBack();
    await settled();
    assert.equal((await ledger.state(principal.key.record.id, budget)).reservedNano, 0);
  });

  test('a spent budget is a 402 and gives back the rate-limit charge it took', async () => {
    const principal = virtualKey({ budgetUsd: 1, config: 'team', rateLimit: '100;w=60;u=token' });
    const budget = principal.key.record.budget;
    assert.ok(budget);
    await ledger.settle(principal.key.record.id, budget, 'spent-it', undefined, toNano(1));
    await assert.rejects(
      admitted(call('/v1/chat/completions', chat('gpt-4o-mini'), principal)),
      (error) => error instanceof SluiceError && error.status === 402,
    );
    await settled();
    const again = call('/v1/chat/completions', chat('gpt-4o-mini'), principal);
    await assert.rejects(admitted(again), (error) => error instanceof SluiceError && error.status === 402);
    assert.ok(again.headers.has('ratelimit'), 'the tokens the first call was charged came back: the limit let it in');
  });

  test('a token count is authorized and routed but holds nothing', async () => {
    const principal = virtualKey({ budgetUsd: 1, config: 'team', allowedModels: ['gpt-4o-mini'] });
    const counted = await admitted(call('/v1/messages/count_tokens', chat('gpt-4o-mini'), principal));
    assert.equal(counted.configHeader, 'team');
    assert.equal(counted.logged.admissionId, undefined);
    await assert.rejects(
      admitted(call('/v1/messages/count_tokens', chat('gpt-4o'), principal)),
      (error) => error instanceof SluiceError && error.status === 403,
    );
  });

  test('a job submission is admitted on its job’s body', async () => {
    const principal = virtualKey({ budgetUsd: 1, config: 'team' });
    const admission = await admitted(call('/v1/jobs', { body: chat('gpt-4o-mini') }, principal));
    assert.equal(admission.resolved?.id, 'team');
    assert.ok(admission.logged.admissionId);
    admission.giveBack();
  });
});

describe('admitUngovernedCall', () => {
  test('resolves the config the request names, and holds nothing', async () => {
    const c = call('/v1/chat/completions', chat('m'), { kind: 'open' });
    c.requestHeaders['x-sluice-config'] = 'team';
    const admission = await admitUngovernedCall(configs)({ ...c.toAdmit, governance: undefined });
    assert.equal(admission.resolved?.id, 'team');
    assert.deepEqual(admission.logged, {});
  });

  test('leaves an unknown config to planning, which refuses it after the body is validated', async () => {
    const c = call('/v1/chat/completions', chat('m'), { kind: 'open' });
    c.requestHeaders['x-sluice-config'] = 'nope';
    const admission = await admitUngovernedCall(configs)({ ...c.toAdmit, governance: undefined });
    assert.equal(admission.resolved, undefined);
    assert.equal(admission.configHeader, 'nope');
  });
});
