/**
 * `node --import tsx bench/pass-through-memory.ts`: streams a 512 MB upload (chunked, so no declared length) and a
 * 256 MB download through a pass-through path (docs/http-api.md) of a gateway run as its own process, against a local
 * upstream that only counts bytes, and prints the gateway's resident memory before and at its peak: a pass-through
 * that buffered either body would grow by its size.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { spawnGatewayProcess } from '../test/helpers/spawn-gateway-process';
import { deleteKeys } from '../test/helpers/start-test-gateway';

const MEGABYTE = 1 << 20;
const UPLOAD_MB = 512;
const DOWNLOAD_MB = 256;

function sendMegabytes(response: ServerResponse, count: number): void {
  const piece = Buffer.alloc(MEGABYTE, 97);
  let sent = 0;
  const write = () => {
    while (sent < count) {
      sent += 1;
      if (!response.write(piece)) {
        response.once('drain', write);
        return;
      }
    }
    response.end();
  };
  write();
}

const upstream = createServer((request, response) => {
  let bytes = 0;
  request.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  request.on('end', () => {
    response.writeHead(200, {
      'content-type': request.method === 'GET' ? 'application/octet-stream' : 'application/json',
    });
    if (request.method === 'GET') sendMegabytes(response, DOWNLOAD_MB);
    else response.end(JSON.stringify({ bytes }));
  });
});
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const port = (upstream.address() as { port: number }).port;
const directory = mkdtempSync(join(tmpdir(), 'sluice-pass-through-'));
const configFile = join(directory, 'sluice.yaml');
writeFileSync(
  configFile,
  `providers:\n  up: { type: openai, base_url: "http://127.0.0.1:${port}/v1", api_key: k }\nconfigs:\n  pt: { targets: [ { provider: up } ] }\n`,
);
const prefix = `ptbench${process.pid}`;
const gateway = await spawnGatewayProcess({
  SLUICE_CONFIG: configFile,
  SLUICE_DATA_DIR: directory,
  SLUICE_QUEUE_PREFIX: prefix,
});
const residentMb = () =>
  Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${gateway.child.pid}/status`, 'utf8'))?.[1]) / 1000);
try {
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const before = residentMb();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, residentMb());
  }, 20);
  const headers = { 'x-sluice-config': 'pt' };
  let produced = 0;
  const piece = Buffer.alloc(MEGABYTE, 98);
  const body = new Readable({
    read() {
      produced += 1;
      this.push(produced > UPLOAD_MB ? null : piece);
    },
  });
  let startedAt = performance.now();
  const upload = await fetch(`${gateway.url}/v1/uploads/upload_1/parts`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: Readable.toWeb(body) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const uploaded = (await upload.json()) as { bytes: number };
  const uploadMs = performance.now() - startedAt;
  startedAt = performance.now();
  const download = await fetch(`${gateway.url}/v1/containers/c/files/f/content`, { headers });
  let downloaded = 0;
  for await (const chunk of download.body as unknown as AsyncIterable<Uint8Array>) downloaded += chunk.length;
  const downloadMs = performance.now() - startedAt;
  clearInterval(sampler);
  console.log(`upload: ${uploaded.bytes / MEGABYTE} MB reached the upstream in ${Math.round(uploadMs)} ms`);
  console.log(`download: ${downloaded / MEGABYTE} MB reached the client in ${Math.round(downloadMs)} ms`);
  console.log(`gateway RSS: ${before} MB before, ${peak} MB at its peak`);
} finally {
  await gateway.stop();
  await deleteKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
  upstream.close();
}
