/** A compiled glob of the `models:` map: `*` stands for any run of characters. */
interface AliasPattern {
  pattern: string;
  regex: RegExp;
  configId: string;
}

const compiled = new WeakMap<Record<string, string>, AliasPattern[]>();

function globPatterns(models: Record<string, string>): AliasPattern[] {
  let patterns = compiled.get(models);
  if (patterns === undefined) {
    patterns = Object.entries(models)
      .filter(([pattern]) => pattern.includes('*'))
      .map(([pattern, configId]) => ({ pattern, regex: globRegex(pattern), configId }))
      .sort((a, b) => b.pattern.length - a.pattern.length);
    compiled.set(models, patterns);
  }
  return patterns;
}

function globRegex(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/**
 * The config a `models:` entry routes a model name to (docs/anthropic-messages.md, "Model names nobody
 * configured"): an exact name wins; otherwise the longest glob pattern that matches (`"claude-*": claude`),
 * the first in file order among patterns of one length.
 */
export function modelAliasTarget(models: Record<string, string>, model: string): string | undefined {
  const exact = models[model];
  if (exact !== undefined && !model.includes('*')) return exact;
  return globPatterns(models).find((entry) => entry.regex.test(model))?.configId;
}

/** The config id a model name routes to by name: a config of that id, else a `models:` entry. */
export function configNamedBy(
  config: { configs: Record<string, unknown>; models: Record<string, string> },
  model: string,
): string | undefined {
  return Object.hasOwn(config.configs, model) ? model : modelAliasTarget(config.models, model);
}
