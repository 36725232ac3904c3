import type { FieldProblem } from '@sluice/errors';
import { checkCondition } from './check-condition';
import { type GatewayConfig, isNestedTarget, type RoutingConfig } from './config-schema';

/** Cross-checks what zod cannot: every provider, config and target name that is referenced exists, and each account has what its type needs. */
export function checkReferences(config: GatewayConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [id, routing] of Object.entries(config.configs)) {
    problems.push(...checkRoutingReferences(routing, config.providers, `configs.${id}`));
  }
  if (config.default_config !== undefined && !(config.default_config in config.configs)) {
    problems.push({ path: 'default_config', message: `no config named "${config.default_config}"` });
  }
  for (const [alias, configId] of Object.entries(config.models)) {
    if (!(configId in config.configs))
      problems.push({ path: `models.${alias}`, message: `no config named "${configId}"` });
  }
  if (config.embeddings !== undefined && !(config.embeddings.provider in config.providers)) {
    problems.push({ path: 'embeddings.provider', message: `no provider named "${config.embeddings.provider}"` });
  }
  problems.push(...checkProviderAccounts(config));
  return problems;
}

/**
 * Account fields a provider type cannot work without (Azure OpenAI has no default endpoint), and `responses: native`
 * or `rerank: true` on a type that does not serve that API.
 */
function checkProviderAccounts(config: GatewayConfig): FieldProblem[] {
  const accounts = Object.entries(config.providers);
  const withoutEndpoint = accounts
    .filter(([, account]) => account.type === 'azure-openai' && account.base_url === undefined)
    .map(([id]) => ({
      path: `providers.${id}.base_url`,
      message: 'an azure-openai provider needs base_url (https://<resource>.openai.azure.com)',
    }));
  const notNative = accounts
    .filter(
      ([, account]) => account.responses === 'native' && account.type !== 'openai' && account.type !== 'azure-openai',
    )
    .map(([id, account]) => ({
      path: `providers.${id}.responses`,
      message: `an account of type ${account.type} does not serve the Responses API; only openai and azure-openai accounts can be native`,
    }));
  const notReranking = accounts
    .filter(([, account]) => account.rerank === true && account.type !== 'openai')
    .map(([id, account]) => ({
      path: `providers.${id}.rerank`,
      message: `an account of type ${account.type} does not serve /rerank; only openai (OpenAI-compatible) accounts can`,
    }));
  return [...withoutEndpoint, ...notNative, ...notReranking];
}

/** The same checks for one routing config (stored or inline), against the known provider accounts. */
export function checkRoutingReferences(
  routing: RoutingConfig,
  providers: Record<string, unknown>,
  path: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const names = new Set<string>();
  routing.targets.forEach((target, index) => {
    const targetPath = `${path}.targets.${index}`;
    if (target.name !== undefined) names.add(target.name);
    if (isNestedTarget(target)) {
      problems.push(...checkRoutingReferences(target.config, providers, `${targetPath}.config`));
    } else if (!(target.provider in providers)) {
      problems.push({ path: `${targetPath}.provider`, message: `no provider named "${target.provider}"` });
    }
  });
  if (routing.strategy === 'conditional') {
    if (!routing.conditions?.length && routing.default === undefined) {
      problems.push({ path: `${path}.conditions`, message: 'a conditional config needs conditions or a default' });
    }
    routing.conditions?.forEach((condition, index) => {
      problems.push(...checkCondition(condition.when, `${path}.conditions.${index}.when`));
      if (!names.has(condition.then)) {
        problems.push({ path: `${path}.conditions.${index}.then`, message: `no target named "${condition.then}"` });
      }
    });
    if (routing.default !== undefined && !names.has(routing.default)) {
      problems.push({ path: `${path}.default`, message: `no target named "${routing.default}"` });
    }
  }
  return problems;
}
