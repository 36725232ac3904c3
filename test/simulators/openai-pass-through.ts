/**
 * OpenAI routes Sluice passes through as they come (docs/http-api.md), for its pass-through tests: vector stores
 * (`POST/GET /v1/vector_stores`, `GET/DELETE /v1/vector_stores/{id}`), realtime client secrets
 * (`POST /v1/realtime/client_secrets`) and a container file's content
 * (`GET /v1/containers/{container}/files/{file}/content`, streamed in five pieces with the `chunkDelayMs` pause between
 * them). Vector stores live per simulator port until it closes.
 */
import { randomId } from './echo-answer';
import { openAIError, openAIInvalidRequest, openAIResponseHeaders } from './openai-error-body';
import { sendFrameStream } from './send-event-stream';
import { isRecord, parseJsonBody, type SimulatorExchange, sendJson } from './simulator-exchange';

const vectorStores = new Map<number, Map<string, Record<string, unknown>>>();

function storesOf(exchange: SimulatorExchange): Map<string, Record<string, unknown>> {
  const port = exchange.request.socket.localPort ?? 0;
  let stores = vectorStores.get(port);
  if (!stores) {
    stores = new Map();
    vectorStores.set(port, stores);
  }
  return stores;
}

function vectorStore(name: unknown, metadata: unknown): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    id: randomId('vs_', 24),
    object: 'vector_store',
    created_at: now,
    name: typeof name === 'string' ? name : null,
    usage_bytes: 0,
    file_counts: { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 },
    status: 'completed',
    expires_after: null,
    expires_at: null,
    last_active_at: now,
    metadata: isRecord(metadata) ? metadata : {},
  };
}

/** Answers a pass-through route, or returns false when the path is none of them. */
export async function answerPassThrough(exchange: SimulatorExchange): Promise<boolean> {
  const method = exchange.request.method ?? 'GET';
  const { pathname } = exchange.url;
  const headers = openAIResponseHeaders();
  const stores = storesOf(exchange);
  if (pathname === '/v1/vector_stores' && method === 'POST') {
    const parsed = parseJsonBody(exchange.body === '' ? '{}' : exchange.body);
    if (!parsed.ok || !isRecord(parsed.value)) {
      await sendJson(exchange, { ...openAIInvalidRequest('Invalid body: expected an object.'), headers });
      return true;
    }
    const store = vectorStore(parsed.value.name, parsed.value.metadata);
    stores.set(store.id as string, store);
    await sendJson(exchange, { status: 200, headers, body: store });
    return true;
  }
  if (pathname === '/v1/vector_stores' && method === 'GET') {
    const data = [...stores.values()].reverse();
    const body = {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: false,
    };
    await sendJson(exchange, { status: 200, headers, body });
    return true;
  }
  const storeMatch = pathname.match(/^\/v1\/vector_stores\/([^/]+)$/);
  if (storeMatch?.[1] !== undefined && (method === 'GET' || method === 'DELETE')) {
    const id = decodeURIComponent(storeMatch[1]);
    const store = stores.get(id);
    if (!store) {
      const message = `No vector store found with id '${id}'.`;
      await sendJson(exchange, { ...openAIError(404, { message, type: 'invalid_request_error' }), headers });
      return true;
    }
    if (method === 'DELETE') stores.delete(id);
    const body = method === 'GET' ? store : { id, object: 'vector_store.deleted', deleted: true };
    await sendJson(exchange, { status: 200, headers, body });
    return true;
  }
  if (pathname === '/v1/realtime/client_secrets' && method === 'POST') {
    const parsed = parseJsonBody(exchange.body === '' ? '{}' : exchange.body);
    const session = parsed.ok && isRecord(parsed.value) && isRecord(parsed.value.session) ? parsed.value.session : {};
    const expiresAt = Math.floor(Date.now() / 1000) + 600;
    const body = { value: randomId('ek_', 32), expires_at: expiresAt, session: { type: 'realtime', ...session } };
    await sendJson(exchange, { status: 200, headers, body });
    return true;
  }
  const contentMatch = method === 'GET' ? pathname.match(/^\/v1\/containers\/[^/]+\/files\/([^/]+)\/content$/) : null;
  if (contentMatch?.[1] !== undefined) {
    const file = decodeURIComponent(contentMatch[1]);
    const pieces = Array.from({ length: 5 }, (_, index) => `line ${index + 1} of ${file}\n`);
    await sendFrameStream(exchange, pieces, { contentType: 'application/octet-stream', headers });
    return true;
  }
  return false;
}
