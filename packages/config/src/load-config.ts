import { existsSync, readFileSync } from 'node:fs';
import { type FieldProblem, InvalidRequestError, zodProblems } from '@sluice/errors';
import { parseDocument } from 'yaml';
import { checkReferences } from './check-references';
import { type GatewayConfig, GatewayConfigSchema } from './config-schema';
import { emptyProviderKeys } from './empty-provider-keys';
import type { Env } from './env';
import { interpolateEnv } from './interpolate-env';

const DEFAULT_CONFIG_PATH = './sluice.yaml';

/** A config file that cannot be used: the message lists the path of every problem. */
export class ConfigFileError extends InvalidRequestError {
  constructor(source: string, problems: FieldProblem[]) {
    const listed = problems.map((problem) => `${problem.path || '(root)'}: ${problem.message}`).join('; ');
    super(`invalid config ${source}: ${listed}`, { problems, code: 'invalid_config' });
  }
}

export interface LoadedConfig {
  config: GatewayConfig;
  /** Things that will not stop start-up but will fail requests: each provider account without a key. */
  warnings: string[];
  /** Where it came from: the file path, or `environment` when no file exists. */
  source: string;
}

/** Reads, interpolates and validates the config file once, at start. */
export function loadConfig(env: Env, rawEnv: Record<string, string | undefined>): LoadedConfig {
  const path = env.SLUICE_CONFIG ?? (existsSync(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : undefined);
  if (path === undefined) {
    const config = configFromEnvironment(env);
    return {
      config,
      source: 'environment',
      warnings: emptyProviderKeys(config, { providers: { openai: { api_key: '${OPENAI_API_KEY}' } } }),
    };
  }
  if (!existsSync(path)) throw new ConfigFileError(path, [{ path: '', message: 'file not found (SLUICE_CONFIG)' }]);
  return { ...readConfigText(readFileSync(path, 'utf8'), rawEnv, path), source: path };
}

/** Parses config text (YAML or JSON); used for files and for tests. */
export function parseConfigText(
  text: string,
  rawEnv: Record<string, string | undefined>,
  source = 'config',
): GatewayConfig {
  return readConfigText(text, rawEnv, source).config;
}

/**
 * Parses and validates config text, listing every problem at once (docs/dashboard.md, "first run"): all YAML syntax
 * errors; else every missing variable together with every schema problem; else every broken reference.
 */
export function readConfigText(
  text: string,
  rawEnv: Record<string, string | undefined>,
  source = 'config',
): { config: GatewayConfig; warnings: string[] } {
  const parsedYaml = parseDocument(text);
  if (parsedYaml.errors.length > 0) {
    throw new ConfigFileError(
      source,
      parsedYaml.errors.map((error) => ({ path: '', message: `not valid YAML: ${error.message}` })),
    );
  }
  const document: unknown = parsedYaml.toJS() ?? {};
  const interpolated = interpolateEnv(document, rawEnv);
  const parsed = GatewayConfigSchema.safeParse(interpolated.value);
  if (!parsed.success) {
    throw new ConfigFileError(source, [...interpolated.problems, ...zodProblems(parsed.error.issues)]);
  }
  const problems = [...interpolated.problems, ...checkReferences(parsed.data)];
  if (problems.length > 0) throw new ConfigFileError(source, problems);
  return { config: parsed.data, warnings: emptyProviderKeys(parsed.data, document) };
}

/** Without a config file: one OpenAI-compatible account when OPENAI_API_KEY is set, otherwise none. */
function configFromEnvironment(env: Env): GatewayConfig {
  const config = GatewayConfigSchema.parse({});
  if (env.OPENAI_API_KEY !== undefined) {
    config.providers.openai = {
      type: 'openai',
      api_key: env.OPENAI_API_KEY,
      base_url: env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
    };
  }
  return config;
}
