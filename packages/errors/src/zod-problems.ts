import type { FieldProblem } from './request-errors';

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

/** Turns zod issues into named field problems: `messages.0.role: Invalid option`. */
export function zodProblems(issues: readonly IssueLike[], prefix = ''): FieldProblem[] {
  return issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
    message: issue.message,
  }));
}
