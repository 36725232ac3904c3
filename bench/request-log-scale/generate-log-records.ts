import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** What the generated history looks like: spread evenly over `days` days ending at `end`. */
export interface HistoryShape {
  days: number;
  end: Date;
  /** Distinct values of the `team` property. */
  propertyValues: number;
  users: number;
  virtualKeys: number;
}

const MODELS = [
  { requested: 'gpt-4o-mini', served: 'gpt-4o-mini-2024-07-18', provider: 'openai', weight: 0.5 },
  { requested: 'gpt-4o', served: 'gpt-4o-2024-08-06', provider: 'openai', weight: 0.2 },
  { requested: 'fast', served: 'claude-3-5-haiku-20241022', provider: 'anthropic', weight: 0.2 },
  { requested: 'gemini-2.0-flash', served: 'gemini-2.0-flash-001', provider: 'gemini', weight: 0.1 },
];

/** A small deterministic generator (so two runs build the same history). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

/**
 * One SPEC §7 record: four models on three providers, 4% errors, 4% cache hits, 50 teams, 200 users, 5 virtual
 * keys, log-normal latencies around 800 ms, and short request and response bodies (about 700 bytes together).
 */
export function logRecord(index: number, position: number, shape: HistoryShape, next: () => number) {
  const span = shape.days * 86_400_000;
  const createdAt = shape.end.getTime() - span + Math.floor(position * span);
  const pick = next();
  let cumulative = 0;
  const model =
    MODELS.find((candidate) => {
      cumulative += candidate.weight;
      return pick < cumulative;
    }) ?? MODELS[0];
  const roll = next();
  const status = roll < 0.04 ? 'error' : roll < 0.08 ? 'cached' : 'success';
  const cache = status === 'cached' ? (next() < 0.7 ? 'hit-exact' : 'hit-semantic') : next() < 0.6 ? 'miss' : 'off';
  const prompt = status === 'error' ? 0 : 200 + Math.floor(next() * 2_000);
  const completion = status === 'error' ? 0 : 20 + Math.floor(next() * 400);
  const latency = Math.round(Math.exp(6.7 + 0.8 * gaussian(next)) * 10) / 10;
  const team = `team-${Math.floor(next() * shape.propertyValues)}`;
  const user = `user-${Math.floor(next() * shape.users)}`;
  return {
    id: `hist_${index.toString(36).padStart(8, '0')}`,
    created_at: new Date(createdAt).toISOString(),
    mode: 'sync',
    endpoint: 'chat',
    virtual_key_id: `vk_${Math.floor(next() * shape.virtualKeys)}`,
    requested_model: model?.requested,
    served_model: status === 'error' ? null : model?.served,
    provider: model?.provider,
    status,
    http_status: status === 'error' ? 502 : 200,
    error: status === 'error' ? 'upstream returned 502' : null,
    attempts: [
      { provider: model?.provider, model: model?.served, status: status === 'error' ? 502 : 200, latency_ms: latency },
    ],
    prompt_tokens: prompt,
    completion_tokens: completion,
    cost_usd: status === 'cached' ? 0 : (prompt * 0.15 + completion * 0.6) / 1_000_000,
    saved_usd: status === 'cached' ? (prompt * 0.15 + completion * 0.6) / 1_000_000 : 0,
    latency_ms: latency,
    ttft_ms: Math.round(latency * 0.3),
    queue_wait_ms: Math.round(next() * 20),
    cache,
    properties: { team, env: next() < 0.8 ? 'prod' : 'dev' },
    user_id: user,
    session_id: `session-${Math.floor(next() * 10_000)}`,
    ip: '10.0.0.1',
    request_body: {
      model: model?.requested,
      messages: [
        { role: 'system', content: 'You are a helpful assistant for the search team. Answer briefly.' },
        { role: 'user', content: `Question ${index}: how do I tune the ranking of results for query ${index % 997}?` },
      ],
    },
    response_body: {
      id: `chatcmpl-${index}`,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: {
            role: 'assistant',
            content: 'Adjust the boost of recent documents, then re-run the evaluation set.',
          },
        },
      ],
      usage: { prompt_tokens: prompt, completion_tokens: completion },
    },
  };
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/**
 * Writes `count` records numbered from `first`, in time order over the whole history (so each file is a history
 * of its own and a second file doubles the density), to an NDJSON file; returns its size in bytes.
 */
export async function writeHistoryFile(
  path: string,
  first: number,
  count: number,
  shape: HistoryShape,
): Promise<number> {
  const next = random(first + 1);
  const output = createWriteStream(path);
  let bytes = 0;
  let chunk: string[] = [];
  for (let index = first; index < first + count; index++) {
    chunk.push(JSON.stringify(logRecord(index, (index - first + next()) / count, shape, next)));
    if (chunk.length === 1_000 || index === first + count - 1) {
      const text = `${chunk.join('\n')}\n`;
      bytes += Buffer.byteLength(text);
      chunk = [];
      if (!output.write(text)) await once(output, 'drain');
    }
  }
  output.end();
  await once(output, 'finish');
  return bytes;
}
