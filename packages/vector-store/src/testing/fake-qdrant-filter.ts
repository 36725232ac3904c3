import type { ShapeCheck } from './shape-check';

/** The subset of Qdrant's Filter the fake evaluates: must / should / must_not of match-value and range conditions. */
export type FakeCondition =
  | { kind: 'match'; key: string; value: string | number | boolean }
  | { kind: 'range'; key: string; lt?: number; gt?: number; lte?: number; gte?: number }
  | { kind: 'filter'; filter: FakeFilter };

export interface FakeFilter {
  must: FakeCondition[];
  should: FakeCondition[];
  mustNot: FakeCondition[];
}

/** Reads a Filter (OpenAPI `Filter`), reporting shapes the spec does not allow or the fake does not implement. */
export function readFilter(value: unknown, path: string, check: ShapeCheck): FakeFilter {
  const fields = check.object(value, path, ['must', 'should', 'must_not', 'min_should']) ?? {};
  if (fields.min_should !== undefined && fields.min_should !== null)
    check.fail(`${path}.min_should`, 'not implemented by the fake');
  return {
    must: readConditions(fields.must, `${path}.must`, check),
    should: readConditions(fields.should, `${path}.should`, check),
    mustNot: readConditions(fields.must_not, `${path}.must_not`, check),
  };
}

function readConditions(value: unknown, path: string, check: ShapeCheck): FakeCondition[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((item, index) => {
    const condition = readCondition(item, `${path}.${index}`, check);
    return condition ? [condition] : [];
  });
}

function readCondition(value: unknown, path: string, check: ShapeCheck): FakeCondition | undefined {
  if (typeof value === 'object' && value !== null && !('key' in value)) {
    return { kind: 'filter', filter: readFilter(value, path, check) };
  }
  const fields = check.object(value, path, ['key', 'match', 'range']);
  if (!fields || !check.string(fields.key, `${path}.key`)) return undefined;
  const key = fields.key;
  if (fields.match !== undefined) {
    const match = check.object(fields.match, `${path}.match`, ['value']);
    const matched = match?.value;
    if (typeof matched === 'string' || typeof matched === 'number' || typeof matched === 'boolean') {
      return { kind: 'match', key, value: matched };
    }
    check.fail(`${path}.match.value`, 'expected a string, integer or boolean (MatchValue)');
    return undefined;
  }
  const range = check.object(fields.range, `${path}.range`, ['lt', 'gt', 'lte', 'gte']);
  if (!range) return undefined;
  const bounds: Extract<FakeCondition, { kind: 'range' }> = { kind: 'range', key };
  for (const bound of ['lt', 'gt', 'lte', 'gte'] as const) {
    const limit = range[bound];
    if (limit === undefined || limit === null) continue;
    if (check.number(limit, `${path}.range.${bound}`)) bounds[bound] = limit;
  }
  return bounds;
}

export function matchesFilter(payload: Record<string, unknown>, filter: FakeFilter): boolean {
  const holds = (condition: FakeCondition) => matchesCondition(payload, condition);
  return (
    filter.must.every(holds) && (filter.should.length === 0 || filter.should.some(holds)) && !filter.mustNot.some(holds)
  );
}

function matchesCondition(payload: Record<string, unknown>, condition: FakeCondition): boolean {
  if (condition.kind === 'filter') return matchesFilter(payload, condition.filter);
  const value = payload[condition.key];
  if (condition.kind === 'match') return value === condition.value;
  if (typeof value !== 'number') return false;
  return (
    (condition.lt === undefined || value < condition.lt) &&
    (condition.gt === undefined || value > condition.gt) &&
    (condition.lte === undefined || value <= condition.lte) &&
    (condition.gte === undefined || value >= condition.gte)
  );
}
