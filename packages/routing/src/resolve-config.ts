import {
  checkRoutingReferences,
  configNamedBy,
  type GatewayConfig,
  type RoutingConfig,
  RoutingConfigSchema,
} from '@sluice/config';
import { InvalidRequestError, zodProblems } from '@sluice/errors';

export interface ResolvedConfig {
  /** The config id, `inline` for a header JSON config, or undefined for an implicit one. */
  id: string | undefined;
  routing: RoutingConfig;
}

/** The API dialect a request arrived in; it matters for model names nobody configured. */
export type EntryDialect = 'openai' | 'anthropic' | 'gemini';

/**
 * Which routing config serves a request, in order: the `x-sluice-config` header (an id or inline JSON), a config id
 * or `models:` entry named by the model (exact names, then the longest glob), a `provider/model` model name, a
 * `claude-*` name sent in Anthropic's dialect to the first Anthropic account (docs/anthropic-messages.md), a `gemini-*`
 * name sent in Gemini's dialect to the first Gemini account (docs/gemini-api.md), the default config, and finally the
 * first provider.
 */
export function resolveConfig(
  config: GatewayConfig,
  model: string,
  header: string | undefined,
  dialect: EntryDialect = 'openai',
): ResolvedConfig {
  if (header !== undefined && header.trim() !== '') return fromHeader(config, header.trim());
  const byName = configNamedBy(config, model);
  const named = byName === undefined ? undefined : config.configs[byName];
  if (named) return { id: byName, routing: named };
  const slash = model.indexOf('/');
  if (slash > 0 && config.providers[model.slice(0, slash)]) {
    return {
      id: undefined,
      routing: { strategy: 'single', targets: [{ provider: model.slice(0, slash), model: model.slice(slash + 1) }] },
    };
  }
  const ownAccount = ownDialectAccount(config, model, dialect);
  if (ownAccount !== undefined) {
    return { id: undefined, routing: { strategy: 'single', targets: [{ provider: ownAccount }] } };
  }
  const fallbackConfig = config.default_config === undefined ? undefined : config.configs[config.default_config];
  if (fallbackConfig) return { id: config.default_config, routing: fallbackConfig };
  const firstProvider = Object.keys(config.providers)[0];
  if (firstProvider === undefined) {
    throw new InvalidRequestError(
      'no provider is configured: add one under `providers` in sluice.yaml (or set OPENAI_API_KEY)',
      { code: 'no_provider_configured' },
    );
  }
  return { id: undefined, routing: { strategy: 'single', targets: [{ provider: firstProvider }] } };
}

/** The first account of the dialect's own provider, for a model name of that provider's family. */
function ownDialectAccount(config: GatewayConfig, model: string, dialect: EntryDialect): string | undefined {
  const type =
    dialect === 'anthropic' && model.startsWith('claude-')
      ? 'anthropic'
      : dialect === 'gemini' && model.startsWith('gemini-')
        ? 'gemini'
        : undefined;
  if (type === undefined) return undefined;
  return Object.entries(config.providers).find(([, account]) => account.type === type)?.[0];
}

function fromHeader(config: GatewayConfig, header: string): ResolvedConfig {
  if (!header.startsWith('{')) {
    const stored = config.configs[header];
    if (!stored)
      throw new InvalidRequestError(`no config named "${header}"`, {
        param: 'x-sluice-config',
        code: 'config_not_found',
      });
    return { id: header, routing: stored };
  }
  let document: unknown;
  try {
    document = JSON.parse(header);
  } catch {
    throw new InvalidRequestError('x-sluice-config is neither a config id nor valid JSON', {
      param: 'x-sluice-config',
    });
  }
  const parsed = RoutingConfigSchema.safeParse(document);
  if (!parsed.success)
    throw InvalidRequestError.fromProblems('x-sluice-config', zodProblems(parsed.error.issues, 'x-sluice-config'));
  const problems = checkRoutingReferences(parsed.data, config.providers, 'x-sluice-config');
  if (problems.length > 0) throw InvalidRequestError.fromProblems('x-sluice-config', problems);
  return { id: 'inline', routing: parsed.data };
}
