import type { Express } from 'express';

/** One route the app answers: its methods and its path pattern (`/v1/jobs/:id`). */
export interface RouteDescription {
  methods: string[];
  path: string;
}

/** What an express 5 router layer exposes: a route, or a mounted router (a function with a stack). */
interface LayerShape {
  rawPath?: unknown;
  route?: { path?: unknown; methods?: Record<string, unknown> };
  handle?: { stack?: unknown };
}

/** Every route mounted on the app, sub-routers included: what the fuzz test sends malformed requests to. */
export function listRoutes(app: Express): RouteDescription[] {
  return walk(stackOf((app as unknown as { router?: unknown }).router), '');
}

function walk(stack: readonly unknown[], prefix: string): RouteDescription[] {
  return stack.flatMap((entry): RouteDescription[] => {
    if (entry === null || typeof entry !== 'object') return [];
    const { route, handle, rawPath } = entry as LayerShape;
    if (route && typeof route.path === 'string') {
      return [
        {
          methods: Object.keys(route.methods ?? {}).map((method) => method.toUpperCase()),
          path: join(prefix, route.path),
        },
      ];
    }
    const nested = stackOf(handle);
    if (nested.length > 0 && typeof rawPath === 'string')
      return walk(nested, join(prefix, rawPath === '/' ? '' : rawPath));
    return [];
  });
}

function stackOf(router: unknown): unknown[] {
  if (router === null || (typeof router !== 'object' && typeof router !== 'function')) return [];
  const stack = (router as { stack?: unknown }).stack;
  return Array.isArray(stack) ? stack : [];
}

function join(prefix: string, path: string): string {
  return `${prefix}${path}`.replace(/\/{2,}/g, '/') || '/';
}
