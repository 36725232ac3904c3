/**
 * The floor of the queue-backed design on this machine, for reference in the gateway-overhead benchmark: an HTTP
 * server that enqueues each request body to BullMQ, a worker in the same process that posts it to the upstream over
 * an undici keep-alive pool, and the answer handed back in memory — no validation, routing, reply stream, events,
 * logging, metrics or governance. Prints `{"url": ...}` once listening; stops on SIGTERM, removing its keys.
 *
 *   node --import tsx bench/support/bullmq-round-trip-server.ts --upstream http://127.0.0.1:PORT/v1 --port 0
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Pool } from 'undici';

const { values } = parseArgs({ options: { upstream: { type: 'string' }, port: { type: 'string', default: '0' } } });
const upstream = new URL(values.upstream ?? 'http://127.0.0.1:1/v1');
const prefix = `benchfloor${randomUUID().slice(0, 8)}`;
const connect = () =>
  new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: null,
    enableAutoPipelining: true,
  });
const queue = new Queue('floor', { connection: connect(), prefix });
const pool = new Pool(upstream.origin, { connections: 64 });
const waiting = new Map<string, (status: number, body: string) => void>();

const worker = new Worker<{ id: string; body: string }>(
  'floor',
  async (job) => {
    const answer = await pool.request({
      method: 'POST',
      path: `${upstream.pathname}/chat/completions`,
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench-provider-key' },
      body: job.data.body,
    });
    const text = await answer.body.text();
    waiting.get(job.data.id)?.(answer.statusCode, text);
    waiting.delete(job.data.id);
  },
  {
    connection: connect(),
    prefix,
    concurrency: 256,
    drainDelay: 0.5,
    removeOnComplete: { count: 0 },
    removeOnFail: { count: 0 },
  },
);

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const id = randomUUID();
    waiting.set(id, (status, body) => response.writeHead(status, { 'content-type': 'application/json' }).end(body));
    queue
      .add('call', { id, body: Buffer.concat(chunks).toString('utf8') }, { removeOnComplete: true, removeOnFail: true })
      .catch((error: Error) => {
        waiting.delete(id);
        response.writeHead(503).end(error.message);
      });
  });
});

server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});

process.once('SIGTERM', () => {
  server.close();
  void (async () => {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await pool.close();
    process.exit(0);
  })();
});
