/**
 * Per-provider knowledge the table-driven simulator tests need: how to send a chat
 * request, where the answer text is, what a well-formed stream and error look like.
 */
import assert from 'node:assert/strict';
import type { ParsedServerSentEvent } from './parse-server-sent-events';
import { type SimulatorProvider, startProviderSimulator } from './start-provider-simulator';
import type { RunningSimulator, StartSimulatorOptions } from './start-simulator';

export interface ChatCallOptions {
  text: string;
  stream?: boolean;
  apiKey?: string;
}

export interface ProviderProfile {
  provider: SimulatorProvider;
  start(options?: StartSimulatorOptions): Promise<RunningSimulator>;
  sendChat(simulator: RunningSimulator, options: ChatCallOptions): Promise<Response>;
  answerText(body: unknown): string;
  /** Asserts the provider's stream event sequence and returns the streamed text. */
  checkStream(events: ParsedServerSentEvent[]): string;
  assertErrorBody(body: unknown, status: number): void;
}

type JsonObject = Record<string, unknown>;

function asObject(value: unknown, what: string): JsonObject {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${what} should be an object`);
  return value as JsonObject;
}

function asArray(value: unknown, what: string): unknown[] {
  assert.ok(Array.isArray(value), `${what} should be an array`);
  return value;
}

function firstChoice(chunk: JsonObject): JsonObject {
  return asObject(asArray(chunk.choices, 'choices')[0], 'choices[0]');
}

function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

function openAIMessages(text: string) {
  return [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: text },
  ];
}

/** OpenAI chunks: role chunk, content deltas, finish chunk, usage chunk with `choices: []`, `[DONE]`. */
function checkOpenAIChunks(events: ParsedServerSentEvent[]): string {
  assert.equal(events.at(-1)?.data, '[DONE]');
  const chunks = events.slice(0, -1).map((sentEvent) => asObject(JSON.parse(sentEvent.data), 'chunk'));
  const usageChunk = chunks.at(-1);
  assert.deepEqual(usageChunk?.choices, []);
  assert.equal(typeof asObject(usageChunk?.usage, 'usage').completion_tokens, 'number');
  const choiceChunks = chunks.slice(0, -1);
  assert.equal(asObject(firstChoice(choiceChunks[0] ?? {}).delta, 'delta').role, 'assistant');
  assert.equal(firstChoice(choiceChunks.at(-1) ?? {}).finish_reason, 'stop');
  assert.ok(choiceChunks.length >= 4, 'text should arrive in several deltas');
  for (const chunk of choiceChunks) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    assert.equal(chunk.usage, null);
  }
  return choiceChunks.map((chunk) => asObject(firstChoice(chunk).delta, 'delta').content ?? '').join('');
}

function assertOpenAIError(body: unknown, status: number): void {
  const error = asObject(asObject(body, 'body').error, 'error');
  assert.equal(typeof error.message, 'string');
  assert.equal(typeof error.type, 'string');
  assert.ok('param' in error && 'code' in error, `OpenAI error for ${status} has param and code`);
}

const openAIProfile: ProviderProfile = {
  provider: 'openai',
  start: (options) => startProviderSimulator('openai', options),
  sendChat: (simulator, { text, stream, apiKey }) =>
    postJson(
      `${simulator.url}/chat/completions`,
      { authorization: `Bearer ${apiKey ?? 'sk-test'}` },
      {
        model: 'gpt-4o-mini',
        messages: openAIMessages(text),
        stream,
        stream_options: stream ? { include_usage: true } : undefined,
      },
    ),
  answerText: (body) => String(asObject(firstChoice(asObject(body, 'body')).message, 'message').content),
  checkStream: checkOpenAIChunks,
  assertErrorBody: assertOpenAIError,
};

const azureProfile: ProviderProfile = {
  provider: 'azure-openai',
  start: (options) => startProviderSimulator('azure-openai', options),
  sendChat: (simulator, { text, stream, apiKey }) =>
    postJson(
      `${simulator.url}/openai/deployments/chat-deployment/chat/completions?api-version=2024-10-21`,
      { 'api-key': apiKey ?? 'azure-test' },
      { messages: openAIMessages(text), stream, stream_options: stream ? { include_usage: true } : undefined },
    ),
  answerText: openAIProfile.answerText,
  checkStream: (events) => {
    const filterChunk = asObject(JSON.parse(events[0]?.data ?? 'null'), 'first chunk');
    assert.deepEqual(filterChunk.choices, []);
    assert.equal(filterChunk.id, '');
    assert.ok(Array.isArray(filterChunk.prompt_filter_results));
    return checkOpenAIChunks(events.slice(1));
  },
  assertErrorBody: (body) => {
    const error = asObject(asObject(body, 'body').error, 'error');
    assert.equal(typeof error.code, 'string');
    assert.equal(typeof error.message, 'string');
  },
};

const anthropicProfile: ProviderProfile = {
  provider: 'anthropic',
  start: (options) => startProviderSimulator('anthropic', options),
  sendChat: (simulator, { text, stream, apiKey }) =>
    postJson(
      `${simulator.url}/v1/messages`,
      { 'x-api-key': apiKey ?? 'sk-ant-test', 'anthropic-version': '2023-06-01' },
      {
        model: 'claude-haiku-4-5',
        max_tokens: 256,
        system: 'Be brief.',
        messages: [{ role: 'user', content: text }],
        stream,
      },
    ),
  answerText: (body) => {
    const block = asObject(asArray(asObject(body, 'body').content, 'content')[0], 'content[0]');
    assert.equal(block.type, 'text');
    return String(block.text);
  },
  checkStream: (events) => {
    const names = events.map((sentEvent) => sentEvent.event);
    const deltaCount = names.filter((name) => name === 'content_block_delta').length;
    assert.ok(deltaCount >= 3, 'text should arrive in several deltas');
    assert.deepEqual(names, [
      'message_start',
      'content_block_start',
      'ping',
      ...Array<string>(deltaCount).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const payloads = events.map((sentEvent) => asObject(JSON.parse(sentEvent.data), 'event data'));
    for (const [index, payload] of payloads.entries()) assert.equal(payload.type, names[index]);
    const messageDelta = payloads.at(-2) ?? {};
    assert.equal(asObject(messageDelta.delta, 'delta').stop_reason, 'end_turn');
    assert.equal(typeof asObject(messageDelta.usage, 'usage').output_tokens, 'number');
    return payloads
      .filter((payload) => payload.type === 'content_block_delta')
      .map((payload) => String(asObject(payload.delta, 'delta').text))
      .join('');
  },
  assertErrorBody: (body, status) => {
    const envelope = asObject(body, 'body');
    assert.equal(envelope.type, 'error');
    const error = asObject(envelope.error, 'error');
    assert.equal(typeof error.message, 'string');
    if (status === 429) assert.equal(error.type, 'rate_limit_error');
  },
};

function geminiParts(response: JsonObject): unknown[] {
  const candidate = asObject(asArray(response.candidates, 'candidates')[0], 'candidate');
  return asArray(asObject(candidate.content, 'content').parts, 'parts');
}

const geminiProfile: ProviderProfile = {
  provider: 'gemini',
  start: (options) => startProviderSimulator('gemini', options),
  sendChat: (simulator, { text, stream, apiKey }) =>
    postJson(
      `${simulator.url}/v1beta/models/gemini-2.5-flash:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
      { 'x-goog-api-key': apiKey ?? 'gemini-test' },
      { systemInstruction: { parts: [{ text: 'Be brief.' }] }, contents: [{ role: 'user', parts: [{ text }] }] },
    ),
  answerText: (body) => String(asObject(geminiParts(asObject(body, 'body'))[0], 'part').text),
  checkStream: (events) => {
    assert.ok(events.length >= 3, 'text should arrive in several chunks');
    const responses = events.map((sentEvent) => asObject(JSON.parse(sentEvent.data), 'chunk'));
    for (const [index, response] of responses.entries()) {
      const candidate = asObject(asArray(response.candidates, 'candidates')[0], 'candidate');
      assert.equal(candidate.finishReason, index === responses.length - 1 ? 'STOP' : undefined);
      assert.equal(typeof asObject(response.usageMetadata, 'usageMetadata').totalTokenCount, 'number');
    }
    return responses.map((response) => String(asObject(geminiParts(response)[0], 'part').text)).join('');
  },
  assertErrorBody: (body, status) => {
    const error = asObject(asObject(body, 'body').error, 'error');
    assert.equal(error.code, status);
    assert.equal(typeof error.message, 'string');
    assert.equal(typeof error.status, 'string');
  },
};

export const providerProfiles: readonly ProviderProfile[] = [
  openAIProfile,
  azureProfile,
  anthropicProfile,
  geminiProfile,
];
