import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type RequestHandler, Router } from 'express';

const require = createRequire(import.meta.url);
/** Found through the package, not this file, so the bundled gateway (dist/gateway) finds it too. */
const DASHBOARD_DIRECTORY = join(dirname(require.resolve('@sluice/console/package.json')), 'src/dashboard');

/** The front-end libraries, served from their packages (no bundler): name in the URL → file on disk. */
const VENDOR_FILES: Readonly<Record<string, string>> = {
  'preact.js': join(dirname(require.resolve('preact')), 'preact.module.js'),
  'preact-hooks.js': join(dirname(require.resolve('preact/hooks')), 'hooks.module.js'),
  'htm.js': join(dirname(require.resolve('htm')), 'htm.module.js'),
  'htm-preact.js': join(dirname(require.resolve('htm/preact')), 'index.module.js'),
  'uplot.js': join(dirname(require.resolve('uplot')), 'uPlot.esm.js'),
  'uplot.css': join(dirname(require.resolve('uplot')), 'uPlot.min.css'),
};

/** The YAML library's browser build: an ES module tree, served as a directory. */
const YAML_DIRECTORY = join(dirname(require.resolve('yaml/package.json')), 'browser');

/** GET / (and /dashboard/) — the dashboard: a small preact + htm app with uPlot charts that reads the JSON APIs. */
export const dashboardPage: RequestHandler = (_request, response) => {
  response.setHeader('cache-control', 'no-cache');
  response.sendFile(join(DASHBOARD_DIRECTORY, 'index.html'));
};

/** The dashboard's scripts, styles and vendored libraries, mounted at /dashboard. */
export function dashboardAssets(): Router {
  const router = Router();
  router.get('/', dashboardPage);
  router.get('/vendor/:file', (request, response, next) => {
    const path = VENDOR_FILES[request.params.file];
    if (path === undefined) return next();
    response.setHeader('cache-control', 'public, max-age=86400');
    response.sendFile(path);
  });
  router.use(
    '/vendor/yaml',
    express.static(YAML_DIRECTORY, {
      index: false,
      setHeaders: (response) => response.setHeader('cache-control', 'public, max-age=86400'),
    }),
  );
  router.use(
    express.static(DASHBOARD_DIRECTORY, {
      index: false,
      setHeaders: (response) => response.setHeader('cache-control', 'no-cache'),
    }),
  );
  return router;
}
