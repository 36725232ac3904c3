import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UPSTREAM_INVALID_RESPONSE, UpstreamError } from '@sluice/errors';
import { readJsonFixture, readSseFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import type { ProviderCallContext, UpstreamEvent } from '../provider-adapter';
import { openAIAdapter } from './openai-adapter';

const context: ProviderCallContext = { account: { type: 'openai' }, apiKey: 'sk-test', model: 'gpt-4o-mini' };

/** The error a malformed answer must raise: 502 upstream_invalid_response, retryable, naming `path`. */
function isInvalidResponse(path: string | RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UpstreamError, String(error));
    assert.equal(error.code, UPSTREAM_INVALID_RESPONSE);
    assert.equal(error.status, 502);
    assert.equal(error.trigger, 502, 'matches 502 in retry.on_status and fallback_on');
    assert.equal(error.retryable, true);
    assert.match(error.message, /^The openai provider's answer was malformed: /);
    assert.match(error.message, typeof path === 'string' ? new RegExp(`\\b${path.replaceAll('.', '\\.')}\\b`) : path);
    return true;
  };
}

function streamOf(events: UpstreamEvent[]) {
  const translator = openAIAdapter.createChatStreamTranslator(context);
  return { translator, chunks: () => events.flatMap((event) => translator.fromUpstreamEvent(event)) };
}

describe('openAIAdapter answers', () => {
  it('reads a documented chat completion, its usage and model, keeping fields Sluice does not read', () => {
    const completion = openAIAdapter.fromChatResponse(readJsonFixture('openai', 'chat-completion-text.json'), context);
    assert.equal(completion.choices[0]?.message.content, 'Hello! How can I assist you today?');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.equal(completion.model, 'gpt-4.1-2025-04-14');
    assert.deepEqual(
      [completion.usage?.prompt_tokens, completion.usage?.completion_tokens, completion.usage?.total_tokens],
      [19, 10, 29],
    );
    assert.equal((completion as unknown as { service_tier: string }).service_tier, 'default');
  });

  it('reads tool calls', () => {
    const completion = openAIAdapter.fromChatResponse(
      readJsonFixture('anthropic-inbound', 'openai-chat-completion-tool-calls.json'),
      context,
    );
    assert.deepEqual(
      completion.choices[0]?.message.tool_calls?.map((call) => call.function.name),
      ['get_current_weather', 'get_current_weather'],
    );
    assert.equal(completion.usage?.prompt_tokens_details?.cached_tokens, 1920);
  });

  it('accepts what compatible servers leave out: model, usage, index, role; an unknown finish reason reads as stop', () => {
    const completion = openAIAdapter.fromChatResponse(
      readJsonFixture('openai', 'chat-completion-compatible-minimal.json'),
      context,
    );
    assert.equal(completion.model, 'gpt-4o-mini');
    assert.equal(completion.usage, undefined);
    assert.deepEqual(completion.choices[0]?.message, { role: 'assistant', content: 'Hi from a local server' });
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
  });

  it('refuses a chat completion of the wrong shape, naming the field', () => {
    const good = readJsonFixture('openai', 'chat-completion-text.json') as Record<string, unknown>;
    const [choice] = good.choices as Record<string, unknown>[];
    const cases: [unknown, string][] = [
      [{ unexpected: 'shape' }, 'choices'],
      [{ ...good, choices: [] }, 'choices'],
      [{ ...good, choices: [{ ...choice, message: undefined }] }, 'choices.0.message'],
      [{ ...good, choices: [{ ...choice, message: { content: 42 } }] }, 'choices.0.message.content'],
      [
        { ...good, choices: [{ ...choice, message: { content: null, tool_calls: [{ id: 'call_1' }] } }] },
        'choices.0.message.tool_calls.0.function',
      ],
      [{ ...good, usage: { prompt_tokens: '19', completion_tokens: 10 } }, 'usage.prompt_tokens'],
      ['a string', '(root)'],
      [null, '(root)'],
    ];
    for (const [body, path] of cases) {
      assert.throws(() => openAIAdapter.fromChatResponse(body, context), isInvalidResponse(path), path);
    }
  });

  it('reads documented embeddings; usage may be missing; the wrong shape is refused', () => {
    const embeddings = openAIAdapter.fromEmbeddingsResponse(
      readJsonFixture('openai', 'embeddings-response.json'),
      context,
      { model: 'text-embedding-3-small', input: 'hi' },
    );
    assert.deepEqual(embeddings.data[0]?.embedding, [0.0023064255, -0.009327292, -0.0028842222]);
    assert.deepEqual(embeddings.usage, { prompt_tokens: 8, total_tokens: 8 });
    const base64 = openAIAdapter.fromEmbeddingsResponse({ data: [{ index: 0, embedding: 'AAAAAA==' }] }, context, {
      model: 'e',
      input: 'hi',
      encoding_format: 'base64',
    });
    assert.deepEqual(base64.usage, { prompt_tokens: 0, total_tokens: 0 });
    assert.equal(base64.model, 'gpt-4o-mini');
    for (const [body, path] of [
      [{ unexpected: 'shape' }, 'data'],
      [{ data: [{ index: 0 }] }, 'data.0.embedding'],
      [{ data: [{ index: 0, embedding: [0.1, 'x'] }] }, 'data.0.embedding'],
    ] as const) {
      assert.throws(
        () => openAIAdapter.fromEmbeddingsResponse(body, context, { model: 'e', input: 'hi' }),
        isInvalidResponse(path),
      );
    }
  });
});

describe('openAIAdapter streams', () => {
  it('reads a documented stream with include_usage (usage null on every chunk but the last) and its [DONE]', () => {
    const { translator, chunks } = streamOf(readSseFixture('anthropic-inbound', 'openai-stream-text.txt'));
    const all = chunks();
    assert.equal(all.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), 'Hello!');
    assert.equal(all[3]?.choices[0]?.finish_reason, 'stop');
    assert.deepEqual(
      [translator.usage()?.prompt_tokens, translator.usage()?.completion_tokens, translator.usage()?.total_tokens],
      [9, 2, 11],
    );
    translator.finish();
  });

  it('a chunk that is not JSON, or JSON of the wrong shape, is malformed', () => {
    for (const [data, path] of [
      ['<html>502 Bad Gateway</html>', /event data is not JSON/],
      ['{"unexpected":"shape"}', 'choices'],
      ['{"id":"c","choices":[{"index":0,"delta":{"content":7}}]}', 'choices.0.delta.content'],
      ['{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":"{"}}]}}]}', 'index'],
    ] as const) {
      const { chunks } = streamOf([{ data }]);
      assert.throws(chunks, isInvalidResponse(path), data);
    }
  });

  it('a stream that ends without [DONE] is malformed, after its chunks were read', () => {
    const { translator, chunks } = streamOf(readSseFixture('openai', 'chat-completion-stream-without-done.txt'));
    assert.equal(chunks().length, 2);
    assert.throws(() => translator.finish(), isInvalidResponse(/without data: \[DONE\]/));
  });

  it("an in-stream {error} is the provider's failure, not a malformed answer", () => {
    const { chunks } = streamOf(readSseFixture('openai', 'chat-completion-stream-error.txt'));
    assert.throws(chunks, (error: unknown) => {
      assert.ok(error instanceof UpstreamError);
      assert.equal(error.code, 'upstream_server_error');
      assert.match(error.message, /The server had an error/);
      return true;
    });
  });
});

describe('openAIAdapter requests', () => {
  it('sends a chat request’s text as it is, to the same URL with the same headers', () => {
    const text = '{"messages": [{"role": "user", "content": "hi"}], "model": "gpt-4o-mini", "x_unknown": 1}';
    const parsed = JSON.parse(text);
    assert.deepEqual(openAIAdapter.toChatRequestText?.(text, context), {
      ...openAIAdapter.toChatRequest(parsed, context),
      body: text,
    });
  });

  it('leaves out the signed thinking an assistant message hands back, which only Anthropic can verify', () => {
    const upstream = openAIAdapter.toChatRequest(
      {
        model: 'gpt-4o-mini',
        messages: [
          { role: 'user', content: 'look it up' },
          {
            role: 'assistant',
            content: 'Looking.',
            reasoning_content: 'Call the tool.',
            reasoning_details: [{ type: 'reasoning.text', text: 'Call the tool.', signature: 'sig_1' }],
          },
        ],
      },
      context,
    );
    const body = JSON.parse(String(upstream.body));
    assert.deepEqual(body.messages[1], { role: 'assistant', content: 'Looking.', reasoning_content: 'Call the tool.' });
  });
});
