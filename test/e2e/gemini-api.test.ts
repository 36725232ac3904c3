import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ApiError, type GenerateContentResponse, GoogleGenAI, Type } from '@google/genai';
import { type AdminClient, adminClient, eventually } from '../helpers/admin-client';
import { CompletionEventProbe } from '../helpers/completion-events';
import {
  MIXED_PROVIDER_KEYS,
  type MixedProviderGateway,
  startMixedProviderGateway,
} from '../helpers/mixed-provider-gateway';

const ADMIN_TOKEN = 'gemini-suite-admin-token';
/**
 * `gpt-*` and `text-embedding-3-*` go to the OpenAI account, `claude-*` to Anthropic's, `gemini-*` to the first Gemini
 * one.
 */
const ROUTING_YAML = [
  'configs:',
  '  via-openai: { strategy: single, targets: [ { provider: oai } ] }',
  '  via-claude: { strategy: single, targets: [ { provider: claude } ] }',
  '  gemini-then-openai:',
  '    strategy: fallback',
  '    targets: [ { provider: gem, model: gemini-2.5-flash }, { provider: oai, model: gpt-4o-mini } ]',
  '    retry: { attempts: 1 }',
  'models:',
  '  "claude-*": via-claude',
  '  "gpt-*": via-openai',
  '  "text-embedding-3-*": via-openai',
].join('\n');

/** Tokens as every simulator counts them: ceil(characters / 4). */
const tokens = (text: string) => Math.ceil(text.length / 4);

describe('Gemini API (/v1beta/models/{model}:{method}) with @google/genai', () => {
  let mixed: MixedProviderGateway;
  let admin: AdminClient;
  /** The request's log record, once the logger has written it. */
  const loggedRecord = async (requestId: string): Promise<Record<string, unknown>> => {
    let record: Record<string, unknown> = {};
    await eventually(async () => {
      const read = await admin.request('GET', `/v1/logs/${requestId}`);
      record = read.body;
      return read.status === 200;
    }, 10_000);
    return record;
  };
  let key: string;
  let client: GoogleGenAI;
  let events: CompletionEventProbe;
  const geminiStats = () => mixed.simulators.gemini.stats();
  const openAIStats = () => mixed.simulators.openai.stats();
  const requestIdOf = (response: { sdkHttpResponse?: { headers?: Record<string, string> } }) =>
    response.sdkHttpResponse?.headers?.['x-sluice-request-id'] ?? '';
  const post = (path: string, body: string, headers: Record<string, string> = { 'x-goog-api-key': key }) =>
    fetch(`${mixed.gateway.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  before(async () => {
    mixed = await startMixedProviderGateway(ROUTING_YAML, { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN });
    admin = adminClient(mixed.gateway.url, ADMIN_TOKEN);
    const created = await admin.request('POST', '/admin/virtual-keys', { name: 'gemini-sdk' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    key = String(created.body.key);
    client = new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: mixed.gateway.url } });
    events = new CompletionEventProbe(mixed.gateway.prefix);
  });
  after(async () => {
    await events.close();
    await mixed.stop();
  });
  beforeEach(() => mixed.reset());

  describe('forwarded to a Gemini account', () => {
    test('generateContent: the body bytes reach the account unchanged, with its key and never the virtual key', async () => {
      const body = '{ "contents": [ {"role":"user","parts":[{"text":"hello there"}]} ],\n "safetySettings": [] }';
      const response = await post('/v1beta/models/gemini-2.5-flash:generateContent', body);
      assert.equal(response.status, 200, await response.clone().text());
      assert.equal(response.headers.get('x-sluice-provider'), 'gem');
      const answer = (await response.json()) as { candidates: { content: { parts: { text: string }[] } }[] };
      assert.equal(answer.candidates[0]?.content.parts[0]?.text, 'Echo: hello there');
      const stats = geminiStats();
      assert.equal(stats.lastRawBody, body);
      assert.equal(stats.lastPath, '/v1beta/models/gemini-2.5-flash:generateContent');
      assert.equal(stats.lastHeaders['x-goog-api-key'], MIXED_PROVIDER_KEYS.gemini);
      assert.ok(!JSON.stringify(stats.lastHeaders).includes(key));
    });

    test('the SDK’s generateContent, generateContentStream, embedContent and countTokens', async () => {
      const generated = await client.models.generateContent({
        model: 'gemini-2.5-flash',
        contents: 'hello gemini',
        config: { systemInstruction: 'Be brief.', maxOutputTokens: 64 },
      });
      assert.equal(generated.text, 'Echo: hello gemini');
      assert.equal(generated.usageMetadata?.promptTokenCount, tokens('Be brief.hello gemini'));

      const pieces: string[] = [];
      let last: GenerateContentResponse | undefined;
      for await (const chunk of await client.models.generateContentStream({
        model: 'gemini-2.5-flash',
        contents: 'stream this please',
      })) {
        pieces.push(chunk.text ?? '');
        last = chunk;
      }
      assert.ok(pieces.length > 1, 'the answer arrives in several events');
      assert.equal(pieces.join(''), 'Echo: stream this please');
      assert.equal(last?.candidates?.[0]?.finishReason, 'STOP');
      assert.match(geminiStats().lastPath, /:streamGenerateContent\?alt=sse$/);

      const embedded = await client.models.embedContent({ model: 'gemini-embedding-001', contents: ['one', 'two'] });
      assert.equal(embedded.embeddings?.length, 2);
      assert.ok((embedded.embeddings?.[0]?.values?.length ?? 0) > 0);
      assert.match(geminiStats().lastPath, /gemini-embedding-001:batchEmbedContents$/);

      const counted = await client.models.countTokens({ model: 'gemini-2.5-flash', contents: 'count these words' });
      assert.equal(counted.totalTokens, tokens('count these words'));
      assert.match(geminiStats().lastPath, /:countTokens$/);
    });

    test('the log records the call with its dialect and path', async () => {
      const generated = await client.models.generateContent({ model: 'gemini-2.5-flash', contents: 'log me' });
      const requestId = requestIdOf(generated);
      assert.match(requestId, /^req_/);
      const record = await loggedRecord(requestId);
      assert.equal(record.provider, 'gem');
      assert.equal(record.endpoint, 'chat');
      assert.equal(record.requested_model, 'gemini-2.5-flash');
      assert.equal(record.prompt_tokens, tokens('log me'));
      assert.deepEqual(record.properties, {
        dialect: 'gemini',
        path: '/v1beta/models/gemini-2.5-flash:generateContent',
      });
      assert.deepEqual(record.request_body, { contents: [{ parts: [{ text: 'log me' }], role: 'user' }] });
    });
  });

  describe('translated to an OpenAI-compatible account', () => {
    test('generateContent and its stream: turns, system instruction and settings as chat, answers as Gemini’s', async () => {
      const generated = await client.models.generateContent({
        model: 'gpt-4o-mini',
        contents: [
          { role: 'user', parts: [{ text: 'first' }] },
          { role: 'model', parts: [{ text: 'ok' }] },
          { role: 'user', parts: [{ text: 'second question' }] },
        ],
        config: { systemInstruction: 'Be brief.', temperature: 0.2, maxOutputTokens: 50, stopSequences: ['END'] },
      });
      assert.equal(generated.text, 'Echo: second question');
      assert.equal(generated.candidates?.[0]?.finishReason, 'STOP');
      assert.equal(generated.usageMetadata?.candidatesTokenCount, tokens('Echo: second question'));
      assert.equal(generated.sdkHttpResponse?.headers?.['x-sluice-provider'], 'oai');
      assert.deepEqual(openAIStats().lastBody, {
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'ok' },
          { role: 'user', content: 'second question' },
        ],
        temperature: 0.2,
        max_tokens: 50,
        stop: ['END'],
        stream: false,
      });
      const requestId = requestIdOf(generated);
      const record = await loggedRecord(requestId);
      const asSent = record.request_body as { contents: unknown[]; systemInstruction: unknown };
      assert.equal(asSent.contents.length, 3, 'logged in the Gemini dialect the client sent');
      assert.ok(asSent.systemInstruction);
      const translated = record.translated_request_body as { messages: unknown[] };
      assert.deepEqual(translated.messages[0], { role: 'system', content: 'Be brief.' });

      const pieces: string[] = [];
      let last: GenerateContentResponse | undefined;
      for await (const chunk of await client.models.generateContentStream({
        model: 'gpt-4o-mini',
        contents: 'go on',
      })) {
        pieces.push(chunk.text ?? '');
        last = chunk;
      }
      assert.equal(pieces.join(''), 'Echo: go on');
      assert.equal(last?.candidates?.[0]?.finishReason, 'STOP');
      assert.equal(last?.usageMetadata?.promptTokenCount, tokens('go on'));
    });

    test('function declarations become tools, and the call comes back as a functionCall part', async () => {
      const generated = await client.models.generateContent({
        model: 'gpt-4o-mini',
        contents: 'weather in Paris',
        config: {
          tools: [
            {
              functionDeclarations: [
                {
                  name: 'get_weather',
                  description: 'Weather for a city',
                  parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] },
                },
              ],
            },
          ],
        },
      });
      assert.deepEqual(
        generated.functionCalls?.map((call) => [call.name, call.args]),
        [['get_weather', { echo: 'weather in Paris' }]],
      );
      const sent = openAIStats().lastBody as { tools: unknown[] };
      assert.deepEqual(sent.tools, [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather for a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        },
      ]);
    });

    test('embedContent and countTokens', async () => {
      const embedded = await client.models.embedContent({ model: 'text-embedding-3-small', contents: ['a', 'b', 'c'] });
      assert.equal(embedded.embeddings?.length, 3);
      assert.deepEqual((openAIStats().lastBody as { input: unknown }).input, ['a', 'b', 'c']);
      const single = await post(
        '/v1beta/models/text-embedding-3-small:embedContent',
        '{"content":{"parts":[{"text":"one"},{"text":"two"}]},"outputDimensionality":8}',
      );
      const answer = (await single.json()) as { embedding: { values: number[] } };
      assert.equal(answer.embedding.values.length, 8);
      assert.deepEqual(openAIStats().lastBody, { model: 'text-embedding-3-small', input: 'one\ntwo', dimensions: 8 });

      const counted = await client.models.countTokens({ model: 'gpt-4o-mini', contents: 'count me here' });
      assert.ok((counted.totalTokens ?? 0) > 0);
      assert.equal(counted.sdkHttpResponse?.headers?.['x-sluice-token-count'], 'estimated');
    });

    test('what the translation cannot carry is a 400 in Gemini’s shape naming it; Gemini accounts take it', async () => {
      const refused = await client.models
        .generateContent({
          model: 'gpt-4o-mini',
          contents: 'search the web',
          config: { tools: [{ googleSearch: {} }] },
        })
        .then(
          () => assert.fail('a built-in Gemini tool cannot be translated'),
          (error: unknown) => error,
        );
      assert.ok(refused instanceof ApiError);
      assert.equal(refused.status, 400);
      assert.match(refused.message, /tools\.0\.googleSearch/);
      assert.equal(openAIStats().requests, 0, 'nothing reached the account');

      const body = JSON.stringify({
        contents: [{ role: 'user', parts: [{ text: 'x' }] }],
        safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
      });
      const response = await post('/v1beta/models/gpt-4o-mini:generateContent', body);
      assert.equal(response.status, 400);
      const error = ((await response.json()) as { error: { code: number; status: string; message: string } }).error;
      assert.equal(error.code, 400);
      assert.equal(error.status, 'INVALID_ARGUMENT');
      assert.match(error.message, /`safetySettings`/);
      assert.equal((await post('/v1beta/models/gemini-2.5-flash:generateContent', body)).status, 200);
    });
  });

  describe('translated to an Anthropic account', () => {
    test('generateContent and its stream answer in Gemini’s format', async () => {
      const generated = await client.models.generateContent({
        model: 'claude-sonnet-4-5',
        contents: 'hello claude',
        config: { systemInstruction: 'Be brief.', maxOutputTokens: 100 },
      });
      assert.equal(generated.text, 'Echo: hello claude');
      assert.equal(generated.sdkHttpResponse?.headers?.['x-sluice-provider'], 'claude');
      const sent = mixed.simulators.anthropic.stats().lastBody as Record<string, unknown>;
      assert.equal(sent.system, 'Be brief.');
      assert.equal(sent.max_tokens, 100);
      const pieces: string[] = [];
      for await (const chunk of await client.models.generateContentStream({
        model: 'claude-sonnet-4-5',
        contents: 'more',
      }))
        pieces.push(chunk.text ?? '');
      assert.equal(pieces.join(''), 'Echo: more');
    });
  });

  describe('a route through both', () => {
    test('a Gemini account that fails falls back to the OpenAI one: each gets its own form, the client Gemini’s', async () => {
      mixed.simulators.gemini.configure({ failStatus: 503 });
      const streamed: string[] = [];
      for await (const chunk of await client.models.generateContentStream({
        model: 'gemini-then-openai',
        contents: 'fall back please',
      }))
        streamed.push(chunk.text ?? '');
      assert.equal(streamed.join(''), 'Echo: fall back please');
      assert.equal(geminiStats().requests, 1);
      assert.deepEqual((openAIStats().lastBody as { messages: unknown }).messages, [
        { role: 'user', content: 'fall back please' },
      ]);
    });
  });

  describe('governance and the response cache', () => {
    test('a refused translation is logged, with its status and the path it came in on', async () => {
      const body = JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }], cachedContent: 'cachedContents/abc' });
      const response = await post('/v1beta/models/gpt-4o-mini:generateContent', body);
      assert.equal(response.status, 400);
      const requestId = response.headers.get('x-sluice-request-id') ?? '';
      const { event } = await events.waitForEvent(requestId);
      assert.equal(event.http_status, 400);
      assert.equal(event.requested_model, 'gpt-4o-mini');
      assert.match(event.error ?? '', /cachedContent/);
    });

    test('a key’s request limit applies to Gemini calls, refused with RESOURCE_EXHAUSTED', async () => {
      const created = await admin.request('POST', '/admin/virtual-keys', { name: 'limited', rate_limit: '2;w=60' });
      const limited = String(created.body.key);
      const body = '{"contents":[{"parts":[{"text":"hi"}]}]}';
      const path = '/v1beta/models/gemini-2.5-flash:generateContent';
      const responses: Response[] = [];
      for (let call = 0; call < 3; call += 1) responses.push(await post(path, body, { 'x-goog-api-key': limited }));
      assert.deepEqual(
        responses.map((response) => response.status),
        [200, 200, 429],
      );
      const error = ((await responses[2]?.json()) as { error: { status: string } } | undefined)?.error;
      assert.equal(error?.status, 'RESOURCE_EXHAUSTED');
    });

    test('with the cache on, a repeated call is answered from it, in Gemini’s format', async () => {
      const cached = new GoogleGenAI({
        apiKey: key,
        httpOptions: { baseUrl: mixed.gateway.url, headers: { 'x-sluice-cache': 'exact' } },
      });
      const request = { model: 'gemini-2.5-flash', contents: 'remember this answer' };
      const first = await cached.models.generateContent(request);
      assert.equal(first.sdkHttpResponse?.headers?.['x-sluice-cache'], 'miss');
      await events.waitForGroup('cache', requestIdOf(first));
      const second = await cached.models.generateContent(request);
      assert.match(second.sdkHttpResponse?.headers?.['x-sluice-cache'] ?? '', /^hit/);
      assert.equal(second.text, 'Echo: remember this answer');
      assert.equal(geminiStats().requests, 1);
    });

    test('with the cache on, a repeated stream is replayed as the account’s events, byte for byte', async () => {
      const path = '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse';
      const body = '{"contents":[{"parts":[{"text":"stream this answer twice"}]}]}';
      const headers = { 'x-goog-api-key': key, 'x-sluice-cache': 'exact' };
      const first = await post(path, body, headers);
      assert.equal(first.headers.get('x-sluice-cache'), 'miss');
      const firstEvents = await first.text();
      await events.waitForGroup('cache', first.headers.get('x-sluice-request-id') ?? '');
      const second = await post(path, body, headers);
      assert.equal(second.headers.get('x-sluice-cache'), 'hit-exact');
      assert.equal(await second.text(), firstEvents);
      assert.equal(geminiStats().requests, 1);
    });
  });

  describe('authentication', () => {
    test('a bad key is a 401 in Gemini’s shape; the key is taken from x-goog-api-key, ?key= or a bearer token', async () => {
      const stranger = new GoogleGenAI({ apiKey: 'not-a-sluice-key', httpOptions: { baseUrl: mixed.gateway.url } });
      const refused = await stranger.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' }).then(
        () => assert.fail('an unknown key is refused'),
        (error: unknown) => error,
      );
      assert.ok(refused instanceof ApiError);
      assert.equal(refused.status, 401);
      const body = '{"contents":[{"parts":[{"text":"hi"}]}]}';
      const missing = await post('/v1beta/models/gemini-2.5-flash:generateContent', body, {});
      assert.equal(missing.status, 401);
      const error = ((await missing.json()) as { error: { code: number; status: string } }).error;
      assert.deepEqual([error.code, error.status], [401, 'UNAUTHENTICATED']);
      const path = '/v1beta/models/gemini-2.5-flash:generateContent';
      assert.equal((await post(`${path}?key=${key}`, body, {})).status, 200);
      assert.ok(!geminiStats().lastPath.includes(key), 'the query key is not passed on');
      assert.equal((await post(path, body, { authorization: `Bearer ${key}` })).status, 200);
      assert.equal(geminiStats().requests, 2);
    });

    test('an unknown method is a 404 in Gemini’s shape; a stream without ?alt=sse a 400 naming it', async () => {
      const response = await post('/v1beta/models/gemini-2.5-flash:predictLongRunning', '{}');
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as { error: { status: string } }).error.status, 'NOT_FOUND');
      const body = '{"contents":[{"parts":[{"text":"hi"}]}]}';
      const unframed = await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent', body);
      assert.equal(unframed.status, 400);
      assert.match(((await unframed.json()) as { error: { message: string } }).error.message, /\?alt=sse/);
      assert.equal(geminiStats().requests, 0);
    });
  });
});
