import { checkRoutingReferences, type GatewayConfig, type RoutingConfig, RoutingConfigSchema } from '@sluice/config';
import { InvalidRequestError, zodProblems } from '@sluice/errors';
import type { VirtualKey } from '../keys/virtual-key-schemas';
import type { VersionedDocumentStore } from './versioned-document-store';

/**
 * The gateway config the ingress routes by: the file's, with every stored config (latest version) laid over it.
 * A stored config with the id of a file config replaces it. Cached in memory; `refresh` reloads it when the
 * invalidation bus announces a change, so `current()` stays synchronous and cheap on the request path.
 */
export class ConfigStore {
  private merged: GatewayConfig;
  private versions = new Map<string, number>();

  constructor(
    private readonly fileConfig: GatewayConfig,
    private readonly documents: VersionedDocumentStore,
  ) {
    this.merged = fileConfig;
  }

  current(): GatewayConfig {
    return this.merged;
  }

  /** The live version of a stored config; undefined for file and inline configs. */
  versionOf(id: string): number | undefined {
    return this.versions.get(id);
  }

  async refresh(): Promise<void> {
    const stored = await this.documents.allLatest();
    const configs: Record<string, RoutingConfig> = { ...this.fileConfig.configs };
    const versions = new Map<string, number>();
    for (const document of stored) {
      const parsed = RoutingConfigSchema.safeParse(document.document);
      if (!parsed.success) continue;
      configs[document.id] = parsed.data;
      versions.set(document.id, document.version);
    }
    this.merged = { ...this.fileConfig, configs };
    this.versions = versions;
  }

  /**
   * What would break if the stored config `id` were deleted: the file's `default_config` and `models` aliases that
   * name it, and the virtual keys given (unrevoked) that route by it or may use it. Nothing, when the file has a
   * config of that id for the name to fall back to.
   */
  referencesTo(id: string, keys: readonly VirtualKey[]): string[] {
    if (this.fileConfig.configs[id] !== undefined) return [];
    const references = this.fileConfig.default_config === id ? ['default_config'] : [];
    for (const [alias, target] of Object.entries(this.fileConfig.models))
      if (target === id) references.push(`models.${alias}`);
    for (const key of keys) {
      if (key.revokedAt === null && (key.config === id || key.allowedConfigs.includes(id)))
        references.push(`virtual key ${key.id} (${key.name})`);
    }
    return references;
  }

  /** Validates a config for storing: its schema, and that every provider and target it names exists. */
  validate(document: unknown): RoutingConfig {
    const parsed = RoutingConfigSchema.safeParse(document);
    if (!parsed.success) throw InvalidRequestError.fromProblems('config', zodProblems(parsed.error.issues));
    const problems = checkRoutingReferences(parsed.data, this.fileConfig.providers, '');
    if (problems.length > 0) {
      throw InvalidRequestError.fromProblems(
        'config',
        problems.map((problem) => ({ ...problem, path: problem.path.replace(/^\./, '') })),
      );
    }
    return parsed.data;
  }
}
