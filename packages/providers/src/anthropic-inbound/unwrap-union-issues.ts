import type { z } from 'zod';

interface PathIssue {
  path: PropertyKey[];
  message: string;
}

/** True when a union branch failed only because the value is of another type altogether. */
function isWrongTypeBranch(branch: readonly z.core.$ZodIssue[]): boolean {
  return branch.every((issue) => issue.code === 'invalid_type' && issue.path.length === 0);
}

/**
 * Zod issues with each `invalid_union` replaced by the issues of the one branch the value's type
 * matched, so `content: string | Block[]` reports `messages.0.content.2.type`, not `messages.0.content`.
 */
export function unwrapUnionIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): PathIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const matching = issue.errors.filter((branch) => !isWrongTypeBranch(branch));
      const [only] = matching;
      if (matching.length === 1 && only !== undefined) return unwrapUnionIssues(only, path);
    }
    return [{ path, message: issue.message }];
  });
}
