export { checkReferences, checkRoutingReferences } from './check-references';
export {
  type CacheMode,
  CacheModeSchema,
  type CachePolicy,
  CachePolicySchema,
  type FailureTrigger,
  type GatewayConfig,
  GatewayConfigSchema,
  isNestedTarget,
  type NestedTarget,
  PROVIDER_TYPES,
  type ProviderAccount,
  type ProviderTarget,
  type ProviderType,
  type RetryPolicy,
  RetryPolicySchema,
  type RoutingConfig,
  RoutingConfigSchema,
  type Strategy,
  type Target,
} from './config-schema';
export { configuredModelNames } from './configured-model-names';
export { type Env, EnvSchema, parseEnv, SERVICE_NAMES, type ServiceName } from './env';
export { interpolateEnv } from './interpolate-env';
export { listModels, listModelsWith, type ModelEntry, unlistedModelEntry } from './list-models';
export { ConfigFileError, type LoadedConfig, loadConfig, parseConfigText } from './load-config';
export { configNamedBy, modelAliasTarget } from './model-alias';
export { type RedisClusterNode, RedisClusterNodesSchema, type RedisClusterSeeds } from './redis-cluster-nodes';
export { type CompiledPattern, compilePattern, regexPatternProblem } from './regex-pattern';
