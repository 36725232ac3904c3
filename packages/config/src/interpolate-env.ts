import type { FieldProblem } from '@sluice/errors';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` (or `${NAME:-fallback}`) in every string of a parsed document; each missing variable without a
 * fallback is reported with its path.
 */
export function interpolateEnv(
  document: unknown,
  env: Record<string, string | undefined>,
): { value: unknown; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const visit = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') {
      return node.replace(
        REFERENCE,
        (_match, name: string, hasFallback: string | undefined, fallback: string | undefined) => {
          const replacement = env[name] ?? (hasFallback ? (fallback ?? '') : undefined);
          if (replacement === undefined) {
            problems.push({ path, message: `environment variable ${name} is not set` });
            return '';
          }
          return replacement;
        },
      );
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, join(path, String(index))));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, visit(value, join(path, key))]));
    }
    return node;
  };
  return { value: visit(document, ''), problems };
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
