import type { Redis } from 'ioredis';
import { Router } from 'express';

/** GET /healthz (the process is up) and GET /readyz (its backing services answer). */
export function healthRoutes(redis: Redis): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/readyz', async (_request, response) => {
    const redisReady = await redis.ping().then(() => true, () => false);
    response.status(redisReady ? 200 : 503).json({ status: redisReady ? 'ready' : 'unavailable', checks: { redis: redisReady } });
  });
  return router;
}
