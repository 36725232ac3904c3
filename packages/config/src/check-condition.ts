import type { FieldProblem } from '@sluice/errors';
import { regexPatternProblem } from './regex-pattern';

const OPERATORS = new Set(['$eq', '$ne', '$in', '$nin', '$gt', '$gte', '$lt', '$lte', '$regex', '$exists']);
const EXACT_PATHS = new Set(['model', 'user', 'prompt.tokens', 'prompt.chars', 'last_message.content']);
const PATH_PREFIXES = ['params.', 'metadata.', 'property.'];

/** Checks a condition document: known paths, known operators, lists where lists belong, safe regexes that compile. */
export function checkCondition(condition: unknown, path: string): FieldProblem[] {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
    return [{ path, message: 'a condition is an object of paths and operators' }];
  }
  return Object.entries(condition).flatMap(([key, operand]) => checkEntry(key, operand, `${path}.${key}`));
}

function checkEntry(key: string, operand: unknown, path: string): FieldProblem[] {
  if (key === '$and' || key === '$or') {
    if (!Array.isArray(operand) || operand.length === 0)
      return [{ path, message: `${key} takes a non-empty list of conditions` }];
    return operand.flatMap((part, index) => checkCondition(part, `${path}.${index}`));
  }
  if (key === '$not') return checkCondition(operand, path);
  if (!EXACT_PATHS.has(key) && !PATH_PREFIXES.some((prefix) => key.startsWith(prefix) && key.length > prefix.length)) {
    return [
      {
        path,
        message: `unknown path "${key}"; use model, user, params.*, metadata.*, property.*, prompt.tokens, prompt.chars or last_message.content`,
      },
    ];
  }
  if (operand === null || typeof operand !== 'object' || Array.isArray(operand)) return [];
  return Object.entries(operand).flatMap(([operator, expected]) =>
    checkOperator(operator, expected, `${path}.${operator}`),
  );
}

function checkOperator(operator: string, expected: unknown, path: string): FieldProblem[] {
  if (!OPERATORS.has(operator)) return [{ path, message: `unknown operator "${operator}"` }];
  if ((operator === '$in' || operator === '$nin') && !Array.isArray(expected))
    return [{ path, message: `${operator} takes a list` }];
  if (operator === '$regex') {
    if (typeof expected !== 'string') return [{ path, message: '$regex takes a string' }];
    const problem = regexPatternProblem(expected);
    if (problem !== undefined) return [{ path, message: problem }];
  }
  return [];
}
