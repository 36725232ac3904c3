import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeAnswer, type FakeCollection, FakeQdrantCollections } from './fake-qdrant-collections';
import { newCheck } from './fake-qdrant-requests';

export interface FakeQdrantServer {
  url: string;
  /** Every request shape the fake found outside Qdrant's OpenAPI schemas (each answered with 400). */
  readonly problems: string[];
  readonly collections: Map<string, FakeCollection>;
  /** Answers the next `count` requests with a 500, as an unhealthy Qdrant would. */
  failNext(count: number): void;
  close(): Promise<void>;
}

/**
 * A stand-in for the Qdrant REST endpoints the adapter uses, answering with the response shapes
 * of Qdrant's OpenAPI spec (`{ result, status: "ok", time }`, errors as `{ status: { error }, time }`),
 * with cosine scoring and payload filters like Qdrant's.
 */
export async function startFakeQdrant(options: { apiKey?: string } = {}): Promise<FakeQdrantServer> {
  const problems: string[] = [];
  const state = new FakeQdrantCollections();
  let failures = 0;

  const answer = async (request: IncomingMessage): Promise<FakeAnswer> => {
    if (options.apiKey && request.headers['api-key'] !== options.apiKey)
      return { status: 403, error: 'Invalid api-key' };
    if (failures > 0) {
      failures -= 1;
      return { status: 500, error: 'Service internal error: simulated failure' };
    }
    const url = new URL(request.url ?? '/', 'http://fake');
    const route = `${request.method} ${url.pathname.replace(/^\/collections\/[^/]+/, '/collections/{name}')}`;
    const check = newCheck(route);
    const wait = url.searchParams.get('wait');
    if (wait !== null && wait !== 'true' && wait !== 'false') check.fail('?wait', 'expected true or false');
    const name = decodeURIComponent(url.pathname.split('/')[2] ?? '');
    const result = state.handle(route, name, await readJson(request), check);
    problems.push(...check.problems);
    if (check.problems.length > 0)
      return { status: 400, error: `Format error in JSON body: ${check.problems.join('; ')}` };
    return result;
  };

  const server = createServer((request, response) => {
    answer(request).then(
      (result) => reply(response, result),
      (error: unknown) => reply(response, { status: 500, error: String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    problems,
    collections: state.collections,
    failNext(count) {
      failures = count;
    },
    close: () => closeServer(server),
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

function reply(response: ServerResponse, answer: FakeAnswer): void {
  let status = 200;
  let body: unknown;
  if ('raw' in answer) body = answer.raw;
  else if ('result' in answer) body = { result: answer.result, status: 'ok', time: 0.0001 };
  else {
    status = answer.status;
    body = { status: { error: answer.error }, time: 0.0001 };
  }
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
