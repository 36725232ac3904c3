import { type FieldProblem, InvalidRequestError, NotFoundError } from '@sluice/errors';
import {
  type BudgetLedger,
  type ConfigStore,
  fromNano,
  type InvalidationBus,
  toVirtualKeyView,
  type VirtualKey,
  VirtualKeyCreateSchema,
  type VirtualKeyDirectory,
  type VirtualKeyStore,
  VirtualKeyUpdateSchema,
} from '@sluice/governance';
import { parseInput } from '@sluice/json-input';
import { Router } from 'express';

export interface VirtualKeyRouteDependencies {
  store: VirtualKeyStore;
  directory: VirtualKeyDirectory;
  configs: ConfigStore;
  ledger: BudgetLedger;
  bus: InvalidationBus;
}

/**
 * /admin/virtual-keys: create (the key is in that response only), list, get (with the budget's state), update
 * (PATCH; `null` clears a setting) and revoke (POST /:id/revoke or DELETE /:id). Every change reaches every ingress.
 */
export function virtualKeyRoutes(dependencies: VirtualKeyRouteDependencies): Router {
  const router = Router();
  const changed = async () => {
    await dependencies.directory.refresh();
    await dependencies.bus.publish('virtual-keys');
  };
  router.post('/', async (request, response) => {
    const settings = parseInput(VirtualKeyCreateSchema, request.body, 'virtual key');
    checkConfigReferences(settings, dependencies.configs);
    const { key, record } = await dependencies.store.create(settings);
    await changed();
    response.status(201).json({ ...toVirtualKeyView(record), key });
  });
  router.get('/', async (_request, response) => {
    const keys = await dependencies.store.list();
    response.json({ object: 'list', data: keys.map(toVirtualKeyView) });
  });
  router.get('/:id', async (request, response) => {
    const record = found(await dependencies.store.get(request.params.id), request.params.id);
    response.json({ ...toVirtualKeyView(record), budget_status: await budgetStatus(record, dependencies.ledger) });
  });
  router.patch('/:id', async (request, response) => {
    const changes = parseInput(VirtualKeyUpdateSchema, request.body, 'virtual key update');
    checkConfigReferences(changes, dependencies.configs);
    const record = found(await dependencies.store.update(request.params.id, changes), request.params.id);
    await changed();
    response.json(toVirtualKeyView(record));
  });
  const revoke = async (id: string) => {
    const record = found(await dependencies.store.revoke(id), id);
    await changed();
    return toVirtualKeyView(record);
  };
  router.post('/:id/revoke', async (request, response) => {
    response.json(await revoke(request.params.id));
  });
  router.delete('/:id', async (request, response) => {
    response.json(await revoke(request.params.id));
  });
  return router;
}

function checkConfigReferences(
  settings: { config?: string | null | undefined; allowed_configs?: string[] | null | undefined },
  configs: ConfigStore,
): void {
  const known = configs.current().configs;
  const problems: FieldProblem[] = [];
  if (settings.config && !(settings.config in known))
    problems.push({ path: 'config', message: `no config named "${settings.config}"` });
  settings.allowed_configs?.forEach((id, index) => {
    if (!(id in known)) problems.push({ path: `allowed_configs.${index}`, message: `no config named "${id}"` });
  });
  if (problems.length > 0) throw InvalidRequestError.fromProblems('virtual key', problems);
}

function found(record: VirtualKey | undefined, id: string): VirtualKey {
  if (!record) throw new NotFoundError(`no virtual key with id "${id.slice(0, 140)}"`, 'virtual_key_not_found');
  return record;
}

async function budgetStatus(record: VirtualKey, ledger: BudgetLedger): Promise<Record<string, unknown> | null> {
  if (!record.budget) return null;
  const state = await ledger.state(record.id, record.budget);
  return {
    period: record.budget.period,
    period_start: state.window.startsAt.toISOString(),
    resets_at: state.window.resetsAt.toISOString(),
    limit_usd: fromNano(state.limitNano),
    spent_usd: fromNano(state.spentNano),
    reserved_usd: fromNano(state.reservedNano),
    remaining_usd: fromNano(Math.max(0, state.limitNano - state.spentNano - state.reservedNano)),
  };
}
