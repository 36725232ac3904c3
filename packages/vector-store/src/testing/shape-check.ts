/** Collects every way a request body departs from the expected shape, each with its JSON path. */
export class ShapeCheck {
  readonly problems: string[] = [];

  constructor(private readonly operation: string) {}

  fail(path: string, message: string): void {
    this.problems.push(`${this.operation} ${path || '(body)'}: ${message}`);
  }

  object(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'expected an object');
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(path ? `${path}.${key}` : key, 'not a field of this schema');
    }
    return value as Record<string, unknown>;
  }

  integer(value: unknown, path: string, minimum = 0): value is number {
    const ok = typeof value === 'number' && Number.isInteger(value) && value >= minimum;
    if (!ok) this.fail(path, `expected an integer >= ${minimum}`);
    return ok;
  }

  number(value: unknown, path: string): value is number {
    const ok = typeof value === 'number' && Number.isFinite(value);
    if (!ok) this.fail(path, 'expected a number');
    return ok;
  }

  string(value: unknown, path: string): value is string {
    const ok = typeof value === 'string';
    if (!ok) this.fail(path, 'expected a string');
    return ok;
  }

  boolean(value: unknown, path: string): value is boolean {
    const ok = typeof value === 'boolean';
    if (!ok) this.fail(path, 'expected a boolean');
    return ok;
  }

  oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): value is T {
    const ok = typeof value === 'string' && (options as readonly string[]).includes(value);
    if (!ok) this.fail(path, `expected one of ${options.join(', ')}`);
    return ok;
  }

  array(value: unknown, path: string): value is unknown[] {
    const ok = Array.isArray(value);
    if (!ok) this.fail(path, 'expected an array');
    return ok;
  }

  /** ExtendedPointId: an unsigned integer or a UUID string. */
  pointId(value: unknown, path: string): value is number | string {
    if (typeof value === 'number') return this.integer(value, path);
    const ok =
      typeof value === 'string' && /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value);
    if (!ok) this.fail(path, 'expected an unsigned integer or a UUID');
    return ok;
  }

  /** A dense vector of `size` finite numbers. */
  vector(value: unknown, path: string, size: number): value is number[] {
    if (!this.array(value, path)) return false;
    if (value.length !== size) this.fail(path, `expected ${size} numbers, got ${value.length}`);
    if (!value.every((item) => typeof item === 'number' && Number.isFinite(item))) this.fail(path, 'expected numbers');
    return value.length === size;
  }
}
