import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { CliError } from '../cli-error';
import type { GatewayClient } from '../gateway-client';
import { ProgressBar } from '../progress-bar';
import type { CommandIo } from './batch-commands';

const ImportResultSchema = z.object({
  lines: z.number(),
  inserted: z.number(),
  duplicates: z.number(),
  failed: z.number(),
  errors: z.array(z.object({ line: z.number(), message: z.string() })),
});

const MB = 1024 * 1024;

/**
 * `sluice logs import FILE`: streams an NDJSON file of log records to POST /admin/logs/import (never read whole
 * into memory), with a progress bar on stderr as the bytes go out; prints the result and each bad line. Exits 1
 * when any line was not imported.
 */
export async function importLogs(client: GatewayClient, file: string, io: CommandIo): Promise<number> {
  const size = await stat(file).then(
    (stats) => stats.size,
    () => {
      throw new CliError(`cannot read ${file}`);
    },
  );
  const bar = new ProgressBar(io.stderr);
  let sent = 0;
  const show = (status: string) =>
    bar.update({
      status,
      total: size,
      completed: sent,
      failed: 0,
      detail: `${(sent / MB).toFixed(1)}/${(size / MB).toFixed(1)} MB`,
    });
  const stream = createReadStream(file);
  stream.on('data', (chunk) => {
    sent += chunk.length;
    show('uploading');
  });
  show('uploading');
  const response = await client.send('/admin/logs/import', {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: Readable.toWeb(stream) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  show('importing');
  const result = ImportResultSchema.parse(await response.json());
  show('done');
  bar.finish();
  for (const error of result.errors) io.stderr.write(`line ${error.line}: ${error.message}\n`);
  if (result.failed > result.errors.length)
    io.stderr.write(`… and ${result.failed - result.errors.length} more lines failed\n`);
  io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return result.failed === 0 ? 0 : 1;
}
