import type { SqlDatabase } from '@sluice/database';
import { type RedisClient, redisAnswers } from '@sluice/queues';
import { Router } from 'express';

const CHECK_TIMEOUT_MS = 2_000;

/** GET /healthz (the process is up) and GET /readyz (Redis — on a cluster, every slot served — and the database answer). */
export function healthRoutes(redis: RedisClient, database: SqlDatabase): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/readyz', async (_request, response) => {
    const [redisReady, databaseReady] = await Promise.all([
      answersWithin(redisAnswers(redis)),
      answersWithin(database.query('SELECT 1')),
    ]);
    const ready = redisReady && databaseReady;
    response
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'unavailable', checks: { redis: redisReady, database: databaseReady } });
  });
  return router;
}

/** True when the check resolved in time to anything but `false`. */
function answersWithin(check: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  return Promise.race([
    check.then(
      (answer) => answer !== false,
      () => false,
    ),
    timedOut,
  ]).finally(() => clearTimeout(timer));
}
