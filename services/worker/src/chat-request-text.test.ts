import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlannedTarget, ProviderJob } from '@sluice/queues';
import { chatRequestText } from './chat-request-text';

const TEXT = '{"model": "fast", "messages": [{"role": "user", "content": "hi"}]}';

function target(overrides: Partial<PlannedTarget> = {}): PlannedTarget {
  const retry = { attempts: 1, onStatus: [], backoffMs: 0 };
  return { provider: 'oai', model: 'fast', overrideParams: {}, retry, fallbackOn: [], timeoutMs: 1000, ...overrides };
}

function job(bodyText: string | undefined, envelope: Record<string, unknown> = {}): ProviderJob {
  const stream = envelope.stream === true;
  return { bodyText, body: { model: 'fast', ...envelope }, stream } as unknown as ProviderJob;
}

test('the client’s text as it came when the target keeps its model', () => {
  assert.equal(chatRequestText(job(TEXT), target()), TEXT);
});

test('only the model replaced when the target names another', () => {
  assert.equal(chatRequestText(job(TEXT), target({ model: 'gpt-4o' })), TEXT.replace('"fast"', '"gpt-4o"'));
});

test('a stream asks for its usage: added when it has no stream_options, kept when it asked itself', () => {
  const streamed = TEXT.replace('{', '{"stream":true,');
  assert.equal(
    chatRequestText(job(streamed, { stream: true }), target()),
    `{"stream_options":{"include_usage":true},${streamed.slice(1)}`,
  );
  const asked = { stream: true, stream_options: { include_usage: true } };
  assert.equal(chatRequestText(job(streamed, asked), target()), streamed);
  assert.equal(chatRequestText(job(streamed, { stream: true, stream_options: {} }), target()), undefined);
});

test('undefined, for the parsed body to serve: no text, override_params, fields to leave out, escaped letters', () => {
  assert.equal(chatRequestText(job(undefined), target()), undefined);
  assert.equal(chatRequestText(job(TEXT), target({ overrideParams: { temperature: 0 } })), undefined);
  const breakpoint = TEXT.replace('"hi"', '[{"type":"text","text":"hi","cache_control":{"type":"ephemeral"}}]');
  assert.equal(chatRequestText(job(breakpoint), target()), undefined);
  assert.equal(chatRequestText(job(TEXT.replace('"hi"', '"hi", "reasoning_details": []')), target()), undefined);
  assert.equal(chatRequestText(job(TEXT.replace('"model"', '"mod\\u0065l"')), target({ model: 'x' })), undefined);
});
