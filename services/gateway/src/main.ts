import { loadConfig, parseEnv } from '@sluice/config';
import { SluiceError } from '@sluice/errors';
import { createLogger } from '@sluice/observability';
import { startServices } from './start-services';

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const logger = createLogger({ level: env.LOG_LEVEL });
  const { config, source } = loadConfig(env, process.env);
  const gateway = await startServices(env, config, logger);
  logger.info({ services: gateway.services, config: source, providers: Object.keys(config.providers), url: gateway.url }, 'sluice started');
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

main().catch((error: unknown) => {
  const reason = error instanceof SluiceError ? error.message : error instanceof Error ? error.message : String(error);
  process.stderr.write(`sluice: ${reason}\n`);
  process.exit(1);
});
