import type { SqlDatabase } from '@sluice/database';
import { Router } from 'express';
import type { Redis } from 'ioredis';

const CHECK_TIMEOUT_MS = 2_000;

/** GET /healthz (the process is up) and GET /readyz (Redis and the database answer). */
export function healthRoutes(redis: Redis, database: SqlDatabase): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/readyz', async (_request, response) => {
    const [redisReady, databaseReady] = await Promise.all([
      answersWithin(redis.ping()),
      answersWithin(database.query('SELECT 1')),
    ]);
    const ready = redisReady && databaseReady;
    response
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'unavailable', checks: { redis: redisReady, database: databaseReady } });
  });
  return router;
}

function answersWithin(check: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  return Promise.race([
    check.then(
      () => true,
      () => false,
    ),
    timedOut,
  ]).finally(() => clearTimeout(timer));
}
