import type { GatewayClient } from '../gateway-client';
import type { CommandIo } from './batch-commands';

const UNFINISHED = new Set(['queued', 'running']);

/** `sluice jobs get ID [--wait]`: prints the job; with --wait, long-polls (60 s at a time) until it has finished. */
export async function getJob(client: GatewayClient, id: string, wait: boolean, io: CommandIo): Promise<number> {
  const path = `/v1/jobs/${encodeURIComponent(id)}?wait=${wait ? 60 : 0}`;
  let job = await client.json<{ status: string }>('GET', path);
  while (wait && UNFINISHED.has(job.status)) job = await client.json<{ status: string }>('GET', path);
  io.stdout.write(`${JSON.stringify(job, null, 2)}\n`);
  return job.status === 'succeeded' || UNFINISHED.has(job.status) ? 0 : 1;
}

/** `sluice jobs cancel ID` */
export async function cancelJob(client: GatewayClient, id: string, io: CommandIo): Promise<number> {
  io.stdout.write(
    `${JSON.stringify(await client.json('POST', `/v1/jobs/${encodeURIComponent(id)}/cancel`), null, 2)}\n`,
  );
  return 0;
}
