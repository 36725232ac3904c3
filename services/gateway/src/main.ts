import { type Env, type GatewayConfig, loadConfig, parseEnv } from '@sluice/config';
import { createLogger, type Logger } from '@sluice/observability';
import { connectRedis, ensureNoEviction, ensureRedisReachable, type RedisTarget } from '@sluice/queues';
import { ensurePortFree } from './ensure-port-free';
import { failureReason } from './failure-reason';
import { runsIngressCluster, startIngressCluster } from './start-ingress-cluster';
import { type RunningGateway, startServices } from './start-services';
import { runsServiceThreads, startThreadedGateway } from './start-threaded-gateway';

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const logger = createLogger({ level: env.LOG_LEVEL });
  const { config, source, warnings } = loadConfig(env, process.env);
  for (const warning of warnings) logger.warn(warning);
  if (env.SLUICE_SERVICES.includes('ingress')) await ensurePortFree(env.PORT, env.HOST);
  const gateway = await start(env, config, logger);
  logger.info(
    { services: gateway.services, config: source, providers: Object.keys(config.providers), url: gateway.url },
    'sluice started',
  );
  if (Object.keys(config.providers).length === 0) {
    logger.warn('no provider is configured: create sluice.yaml (see sluice.example.yaml) or set OPENAI_API_KEY');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining');
    await gateway.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

async function start(env: Env, config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  await checkRedis(env, logger);
  if (runsIngressCluster(env)) return startIngressCluster(env, config, logger);
  if (runsServiceThreads(env)) return startThreadedGateway(env, config, logger);
  return startServices(env, config, logger);
}

/**
 * Before any thread or process starts, so that a missing Redis, or one that may evict keys, stops start-up in one
 * line at once.
 */
async function checkRedis(target: RedisTarget, logger: Logger): Promise<void> {
  const probe = connectRedis(target, 'command');
  await ensureRedisReachable(probe, target);
  try {
    await ensureNoEviction(probe, (message) => logger.warn(message));
  } finally {
    probe.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`sluice: ${failureReason(error)}\n`);
  process.exit(1);
});
