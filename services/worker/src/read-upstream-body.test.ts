import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { UpstreamError } from '@sluice/errors';
import { HttpTransport } from '@sluice/providers';
import { readUpstreamBody } from './read-upstream-body';

let server: Server;
let origin: string;
const transport = new HttpTransport();

before(async () => {
  server = createServer((request, response) => {
    if (request.url === '/whole') {
      response.end('{"answer":"whole"}');
      return;
    }
    response.writeHead(200, { 'content-length': '1000' });
    response.write('{"answer":"cut');
    setTimeout(() => response.socket?.destroy(), 10);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await transport.close();
  await new Promise((resolve) => server.close(resolve));
});

async function read(path: string): Promise<string> {
  const signal = new AbortController().signal;
  const response = await transport.send(
    { method: 'POST', url: `${origin}${path}`, headers: {}, body: '{}' },
    { signal, headersTimeoutMs: 5_000 },
  );
  return readUpstreamBody(response.body, signal);
}

test('reads a whole answer as text', async () => {
  assert.equal(await read('/whole'), '{"answer":"whole"}');
});

test('a connection lost mid-answer is the provider’s network failure', async () => {
  await assert.rejects(read('/cut'), (error) => {
    assert.ok(error instanceof UpstreamError);
    assert.equal(error.kind, 'network');
    assert.match(error.message, /closed the connection mid-answer/);
    return true;
  });
});
