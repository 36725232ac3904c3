/**
 * The ingress's own work on one streamed answer, measured in this process: the chunks of the answer the zero-latency
 * simulator streams for the responses-stream prompt (one per word, `usage: null` on each, then the usage chunk), run
 * through the chat writer (relayed as they came) and through the Responses writer (typed events), fed as the worker
 * relays them (text-only chunks as text literals) and, for comparison, whole. Alternating batches,
 * CPU time of this process per answer: free of the shared machine's scheduling noise that the gateway runs see.
 */
import {
  addedTextOf,
  type ChatCompletionChunk,
  newItemId,
  openAIReplyFormat,
  type ReplyFormat,
  ResponsesRequestSchema,
  responseShell,
  responsesReplyFormat,
} from '@sluice/providers';

const BATCH = 200;
const ROUNDS = 20;
/**
 * Untimed rounds first: the writers' code compiled and optimised before it is timed (V8 compiles on threads of its
 * own, whose CPU time process.cpuUsage counts), as it is in a gateway that has answered a few thousand requests.
 */
const WARM_UP_ROUNDS = 10;

export interface WriterCost {
  chatUs: number;
  /** The Responses writer fed the chunks as the worker relays them: text-only chunks as text literals. */
  responsesUs: number;
  /** The Responses writer fed every chunk whole (as before the worker relayed text literals). */
  wholeChunksUs: number;
  chatBytes: number;
  responsesBytes: number;
}

export function measureStreamWriterCost(prompt: string): WriterCost {
  const chunks = answerChunks(`Echo: ${prompt}`);
  const request = ResponsesRequestSchema.parse({ model: 'gpt-4o-mini', stream: true, store: false, input: prompt });
  const responses = () =>
    responsesReplyFormat({
      shell: responseShell(request, { id: newItemId('resp'), createdAt: 1 }),
      toolNames: new Map(),
    });
  const chatRun = writerRun(() => openAIReplyFormat, chunks);
  const responsesRun = writerRun(responses, relayedForResponses(chunks));
  const wholeChunksRun = writerRun(responses, chunks);
  let chatUs = 0;
  let responsesUs = 0;
  let wholeChunksUs = 0;
  for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round += 1) {
    const chat = cpuMicroseconds(() => batch(chatRun));
    const typed = cpuMicroseconds(() => batch(responsesRun));
    const whole = cpuMicroseconds(() => batch(wholeChunksRun));
    if (round < WARM_UP_ROUNDS) continue;
    chatUs += chat;
    responsesUs += typed;
    wholeChunksUs += whole;
  }
  const answers = ROUNDS * BATCH;
  return {
    chatUs: chatUs / answers,
    responsesUs: responsesUs / answers,
    wholeChunksUs: wholeChunksUs / answers,
    chatBytes: Buffer.byteLength(chatRun()),
    responsesBytes: Buffer.byteLength(responsesRun()),
  };
}

/** The chunks as the worker relays a stream the ingress re-encodes: text-only ones after the first as text literals. */
function relayedForResponses(chunks: string[]): string[] {
  return chunks.map((chunk, index) => {
    const text = index === 0 ? undefined : addedTextOf(JSON.parse(chunk) as ChatCompletionChunk);
    return text === undefined ? chunk : JSON.stringify(text);
  });
}

/** One answer through a fresh writer of the format: every chunk as the relay writes it, then the end. */
function writerRun(format: () => ReplyFormat, chunks: string[]): () => string {
  return () => {
    const writer = format().createStreamWriter();
    let text = '';
    for (const chunk of chunks) text += writer.chunk(chunk);
    return text + writer.end();
  };
}

function batch(run: () => string): number {
  let length = 0;
  for (let answer = 0; answer < BATCH; answer += 1) length += run().length;
  return length;
}

function cpuMicroseconds(work: () => unknown): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

/** The simulator's chunk sequence for an echoed answer (test/simulators/openai-chat-completion.ts), with usage asked. */
function answerChunks(answer: string): string[] {
  const envelope = {
    id: `chatcmpl-${'x'.repeat(29)}`,
    object: 'chat.completion.chunk',
    created: 1_733_500_000,
    model: 'gpt-4o-mini',
    service_tier: 'default',
    system_fingerprint: 'fp_sluice_sim',
  };
  const chunk = (delta: object, finish: string | null) =>
    JSON.stringify({ ...envelope, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null });
  const words = answer.split(' ').map((word, index) => (index === 0 ? word : ` ${word}`));
  const usage = { prompt_tokens: 27, completion_tokens: words.length, total_tokens: 27 + words.length };
  return [
    chunk({ role: 'assistant', content: '' }, null),
    ...words.map((word) => chunk({ content: word }, null)),
    chunk({}, 'stop'),
    JSON.stringify({ ...envelope, choices: [], usage }),
  ];
}
