import { existsSync, readFileSync } from 'node:fs';
import { type FieldProblem, InvalidRequestError, zodProblems } from '@sluice/errors';
import { parse as parseYaml } from 'yaml';
import { checkReferences } from './check-references';
import { type GatewayConfig, GatewayConfigSchema } from './config-schema';
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
  /** Where it came from: the file path, or `environment` when no file exists. */
  source: string;
}

/** Reads, interpolates and validates the config file once, at start. */
export function loadConfig(env: Env, rawEnv: Record<string, string | undefined>): LoadedConfig {
  const path = env.SLUICE_CONFIG ?? (existsSync(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : undefined);
  if (path === undefined) return { config: configFromEnvironment(env), source: 'environment' };
  if (!existsSync(path)) throw new ConfigFileError(path, [{ path: '', message: 'file not found (SLUICE_CONFIG)' }]);
  return { config: parseConfigText(readFileSync(path, 'utf8'), rawEnv, path), source: path };
}

/** Parses config text (YAML or JSON); used for files and for tests. */
export function parseConfigText(
  text: string,
  rawEnv: Record<string, string | undefined>,
  source = 'config',
): GatewayConfig {
  let document: unknown;
  try {
    document = parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigFileError(source, [{ path: '', message: `not valid YAML: ${(error as Error).message}` }]);
  }
  const interpolated = interpolateEnv(document, rawEnv);
  if (interpolated.problems.length > 0) throw new ConfigFileError(source, interpolated.problems);
  const parsed = GatewayConfigSchema.safeParse(interpolated.value);
  if (!parsed.success) throw new ConfigFileError(source, zodProblems(parsed.error.issues));
  const referenceProblems = checkReferences(parsed.data);
  if (referenceProblems.length > 0) throw new ConfigFileError(source, referenceProblems);
  return parsed.data;
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
