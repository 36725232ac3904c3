import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import type { Env, GatewayConfig } from '@sluice/config';
import type { Logger } from '@sluice/observability';
import { type RunningGateway, startServices } from './start-services';

/** Whether this process forks ingress processes (SLUICE_INGRESS_PROCESSES above 1, with the ingress among its services). */
export function runsIngressCluster(env: Env): boolean {
  return env.SLUICE_INGRESS_PROCESSES > 1 && env.SLUICE_SERVICES.includes('ingress') && cluster.isPrimary;
}

/**
 * Runs this process's services other than the ingress here, and SLUICE_INGRESS_PROCESSES ingress processes forked with
 * node:cluster, which share PORT. An ingress process that dies is replaced; `stop` drains them all (SIGTERM) first.
 */
export async function startIngressCluster(env: Env, config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const ownServices = env.SLUICE_SERVICES.filter((service) => service !== 'ingress');
  const own =
    ownServices.length > 0 ? await startServices({ ...env, SLUICE_SERVICES: ownServices }, config, logger) : undefined;
  const childEnv = { SLUICE_SERVICES: 'ingress', SLUICE_INGRESS_PROCESSES: '1', PORT: String(env.PORT) };
  let stopping = false;
  let ready = false;
  const fork = (): Worker => {
    const child = cluster.fork(childEnv);
    // A message or handle sent to a process that is dying fails as an 'error' on its Worker; unheard, it would end
    // this process and every ingress process with it. Its exit, which follows, replaces it.
    child.on('error', (error) =>
      logger.warn({ pid: child.process.pid, err: error }, 'an ingress process is unreachable'),
    );
    child.once('exit', (code, signal) => {
      if (stopping || !ready) return;
      logger.warn({ pid: child.process.pid, code, signal }, 'an ingress process exited; starting another');
      fork();
    });
    return child;
  };
  let url: string;
  try {
    url = await forkListening(env.SLUICE_INGRESS_PROCESSES, fork);
    ready = true;
  } catch (error) {
    stopping = true;
    await stopChildren();
    await own?.stop();
    throw error;
  }
  return {
    services: env.SLUICE_SERVICES,
    url,
    routes: [],
    async stop() {
      stopping = true;
      await stopChildren();
      await own?.stop();
    },
  };
}

/** Forks `count` ingress processes and resolves with their shared address once all listen; one exiting first fails. */
async function forkListening(count: number, fork: () => Worker): Promise<string> {
  const children = Array.from({ length: count }, fork);
  const listening = children.map(async (child) => {
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`an ingress process exited with code ${String(code)} while starting`);
    });
    const [address] = (await Promise.race([once(child, 'listening'), exited])) as [{ address: string; port: number }];
    return `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  });
  const urls = await Promise.all(listening);
  return urls[0] as string;
}

async function stopChildren(): Promise<void> {
  const children = Object.values(cluster.workers ?? {}).filter(
    (child): child is Worker => child !== undefined && !child.isDead(),
  );
  await Promise.all(
    children.map(async (child) => {
      const exited = once(child, 'exit');
      child.process.kill('SIGTERM');
      await exited;
    }),
  );
}
