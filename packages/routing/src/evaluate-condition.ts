import { matchesPattern } from './match-pattern';
import { factAt, type RequestFacts } from './request-facts';

type Operators = Record<string, unknown>;

/**
 * A MongoDB-style condition over request facts: `{ "metadata.plan": { $eq: "paid" } }`,
 * operators $eq $ne $in $nin $gt $gte $lt $lte $regex $exists, combined with $and $or $not.
 * A bare value is shorthand for $eq. $regex runs on a linear-time engine over a bounded prefix (matchesPattern).
 */
export function evaluateCondition(condition: Record<string, unknown>, facts: RequestFacts): boolean {
  return Object.entries(condition).every(([key, operand]) => {
    if (key === '$and') return asList(operand).every((part) => evaluateCondition(part, facts));
    if (key === '$or') return asList(operand).some((part) => evaluateCondition(part, facts));
    if (key === '$not') return !evaluateCondition(operand as Record<string, unknown>, facts);
    const value = factAt(facts, key);
    if (operand !== null && typeof operand === 'object' && !Array.isArray(operand)) {
      return Object.entries(operand as Operators).every(([operator, expected]) =>
        applyOperator(operator, value, expected),
      );
    }
    return applyOperator('$eq', value, operand);
  });
}

function asList(operand: unknown): Record<string, unknown>[] {
  return Array.isArray(operand) ? (operand as Record<string, unknown>[]) : [];
}

function applyOperator(operator: string, value: unknown, expected: unknown): boolean {
  switch (operator) {
    case '$eq':
      return value === expected;
    case '$ne':
      return value !== expected;
    case '$in':
      return Array.isArray(expected) && expected.includes(value);
    case '$nin':
      return Array.isArray(expected) && !expected.includes(value);
    case '$gt':
      return compare(value, expected, (a, b) => a > b);
    case '$gte':
      return compare(value, expected, (a, b) => a >= b);
    case '$lt':
      return compare(value, expected, (a, b) => a < b);
    case '$lte':
      return compare(value, expected, (a, b) => a <= b);
    case '$regex':
      return typeof value === 'string' && typeof expected === 'string' && matchesPattern(expected, value);
    case '$exists':
      return (value !== undefined && value !== null) === Boolean(expected);
    default:
      return false;
  }
}

function compare(
  value: unknown,
  expected: unknown,
  test: (a: number | string, b: number | string) => boolean,
): boolean {
  if (typeof value === 'number' && typeof expected === 'number') return test(value, expected);
  if (typeof value === 'string' && typeof expected === 'string') return test(value, expected);
  return false;
}
