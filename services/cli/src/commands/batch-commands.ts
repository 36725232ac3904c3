import { createWriteStream, openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from 'zod';
import { CliError } from '../cli-error';
import type { GatewayClient } from '../gateway-client';
import { ProgressBar, type ProgressOutput } from '../progress-bar';

const BatchSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  output_file_id: z.string().nullable().optional(),
  error_file_id: z.string().nullable().optional(),
  request_counts: z.object({ total: z.number(), completed: z.number(), failed: z.number() }).optional(),
});
type Batch = z.infer<typeof BatchSchema>;

const FINISHED = new Set(['completed', 'failed', 'expired', 'cancelled']);

export interface SubmitOptions {
  file: string;
  endpoint: string;
  metadata: Record<string, string>;
  wait: boolean;
  output: string | undefined;
  errors: string | undefined;
  pollMs: number;
}

export interface CommandIo {
  stdout: ProgressOutput;
  stderr: ProgressOutput;
}

/** `sluice batch submit FILE.jsonl`: uploads the file (streamed from disk), creates the batch, and with --wait follows it to the end and downloads the results. */
export async function submitBatch(client: GatewayClient, options: SubmitOptions, io: CommandIo): Promise<number> {
  const form = new FormData();
  form.append('purpose', 'batch');
  form.append('file', await readable(options.file), basename(options.file));
  const uploaded = z
    .object({ id: z.string() })
    .parse(await (await client.send('/v1/files', { method: 'POST', body: form })).json());
  const created = BatchSchema.parse(
    await client.json('POST', '/v1/batches', {
      input_file_id: uploaded.id,
      endpoint: options.endpoint,
      completion_window: '24h',
      metadata: Object.keys(options.metadata).length > 0 ? options.metadata : undefined,
    }),
  );
  io.stderr.write(`batch ${created.id} created from ${options.file} (file ${uploaded.id})\n`);
  if (!options.wait) {
    io.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
    return 0;
  }
  const finished = await follow(client, created.id, options.pollMs, io);
  await downloadResults(
    client,
    finished,
    {
      output: options.output ?? defaultPath(options.file, 'results'),
      errors: options.errors ?? defaultPath(options.file, 'errors'),
    },
    io,
  );
  return finished.status === 'completed' ? 0 : 1;
}

/** Polls the batch, drawing its progress, until it finishes. */
async function follow(client: GatewayClient, id: string, pollMs: number, io: CommandIo): Promise<Batch> {
  const bar = new ProgressBar(io.stderr);
  for (;;) {
    const batch = BatchSchema.parse(await client.json('GET', `/v1/batches/${id}`));
    bar.update({ status: batch.status, ...(batch.request_counts ?? { total: 0, completed: 0, failed: 0 }) });
    if (FINISHED.has(batch.status)) {
      bar.finish();
      return batch;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Writes the output and error files of a finished batch, streamed to disk. */
async function downloadResults(
  client: GatewayClient,
  batch: Batch,
  paths: { output: string; errors: string },
  io: CommandIo,
): Promise<void> {
  const counts = batch.request_counts ?? { total: 0, completed: 0, failed: 0 };
  io.stderr.write(
    `batch ${batch.id} ${batch.status}: ${counts.completed} succeeded, ${counts.failed} failed of ${counts.total}\n`,
  );
  for (const [fileId, path, what] of [
    [batch.output_file_id, paths.output, 'results'],
    [batch.error_file_id, paths.errors, 'errors'],
  ] as const) {
    if (!fileId) continue;
    const response = await client.send(`/v1/files/${fileId}/content`, { method: 'GET' });
    if (!response.body) throw new CliError(`file ${fileId} has no content`);
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(path));
    io.stdout.write(`${what}: ${path}\n`);
  }
}

/** `sluice batch get ID` */
export async function getBatch(client: GatewayClient, id: string, io: CommandIo): Promise<number> {
  io.stdout.write(`${JSON.stringify(await client.json('GET', `/v1/batches/${encodeURIComponent(id)}`), null, 2)}\n`);
  return 0;
}

/** `sluice batch cancel ID` */
export async function cancelBatch(client: GatewayClient, id: string, io: CommandIo): Promise<number> {
  io.stdout.write(
    `${JSON.stringify(await client.json('POST', `/v1/batches/${encodeURIComponent(id)}/cancel`), null, 2)}\n`,
  );
  return 0;
}

/** `sluice batch results ID`: downloads a finished batch's files. */
export async function batchResults(
  client: GatewayClient,
  id: string,
  paths: { output: string | undefined; errors: string | undefined },
  io: CommandIo,
): Promise<number> {
  const batch = BatchSchema.parse(await client.json('GET', `/v1/batches/${encodeURIComponent(id)}`));
  if (!FINISHED.has(batch.status))
    throw new CliError(`batch ${id} is ${batch.status}; its results are written when it finishes`);
  await downloadResults(
    client,
    batch,
    { output: paths.output ?? `${id}.results.jsonl`, errors: paths.errors ?? `${id}.errors.jsonl` },
    io,
  );
  return 0;
}

/** The file as a Blob backed by the disk: the upload streams it, never reading it whole. */
async function readable(path: string): Promise<Blob> {
  try {
    return await openAsBlob(path);
  } catch {
    throw new CliError(`cannot read ${path}`);
  }
}

function defaultPath(input: string, suffix: string): string {
  return `${input.replace(/\.jsonl?$/i, '')}.${suffix}.jsonl`;
}
