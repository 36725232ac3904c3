/** Where a text that cannot be stored sits, and what is wrong with it. */
export interface UnstorableText {
  /** The field, as a dotted path (`messages.0.content`), or the name given for a bare string. */
  path: string;
  message: string;
}

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * What is wrong with one string that PostgreSQL (and any UTF-8 store) cannot hold: a NUL character, or a lone UTF-16
 * surrogate (`"\ud800"` in JSON), which is no character at all. Undefined when the string is fine.
 */
export function unstorableTextProblem(text: string, path: string): UnstorableText | undefined {
  if (text.includes('\u0000')) return { path, message: 'contains a NUL character (\\u0000)' };
  if (LONE_SURROGATE.test(text)) return { path, message: 'contains a lone UTF-16 surrogate (such as \\ud800)' };
  return undefined;
}

/**
 * The first string or key in a parsed JSON value that cannot be stored (see unstorableTextProblem), with its path.
 * Walks with its own stack, so a value of any depth is safe; the body parser has bounded the depth already.
 */
export function findUnstorableText(value: unknown, root = ''): UnstorableText | undefined {
  const pending: { value: unknown; path: string }[] = [{ value, path: root }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: current, path } = next;
    if (typeof current === 'string') {
      const problem = unstorableTextProblem(current, path || '(body)');
      if (problem) return problem;
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1)
        pending.push({ value: current[index], path: join(path, String(index)) });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, item] = entries[index] as [string, unknown];
        const keyProblem = unstorableTextProblem(key, join(path, printable(key)));
        if (keyProblem) return { path: keyProblem.path, message: `has a key that ${keyProblem.message}` };
        pending.push({ value: item, path: join(path, key) });
      }
    }
  }
  return undefined;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** A key as it can be echoed in an error message: NULs and lone surrogates escaped, as JSON escapes them. */
function printable(key: string): string {
  return JSON.stringify(key).slice(1, -1);
}
