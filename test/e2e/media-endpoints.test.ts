import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { type AdminClient, adminClient, eventually } from '../helpers/admin-client';
import { CompletionEventProbe } from '../helpers/completion-events';
import {
  type OpenAIGatewayFixture,
  SIMULATED_PROVIDER_KEY,
  startOpenAIGatewayFixture,
} from '../helpers/openai-gateway-fixture';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';
import { SIMULATED_PNG_BASE64, speechAudio } from '../simulators/openai-media';

const MEDIA_MAX_BYTES = 2 * 1024 * 1024;
const SAMPLE_RATE_BYTES = 32_000;

/** A mono 16 kHz 16-bit PCM WAV file of `seconds` seconds. */
function wavFile(seconds: number): Buffer {
  const dataBytes = seconds * SAMPLE_RATE_BYTES;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16_000, 24);
  header.writeUInt32LE(SAMPLE_RATE_BYTES, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  const samples = Buffer.alloc(dataBytes);
  for (let index = 0; index < dataBytes; index += 1) samples[index] = (index * 7) & 0xff;
  return Buffer.concat([header, samples]);
}

describe('images and audio through Sluice with the official openai client', () => {
  let fixture: OpenAIGatewayFixture;
  let events: CompletionEventProbe;
  let folder: string;
  let wavPath: string;
  let pngPath: string;

  before(async () => {
    fixture = await startOpenAIGatewayFixture('', { SLUICE_MEDIA_MAX_BYTES: String(MEDIA_MAX_BYTES) });
    events = new CompletionEventProbe(fixture.gateway.prefix);
    folder = await mkdtemp(join(tmpdir(), 'sluice-media-'));
    wavPath = join(folder, 'meeting.wav');
    pngPath = join(folder, 'photo.png');
    await writeFile(wavPath, wavFile(12));
    await writeFile(pngPath, Buffer.from(SIMULATED_PNG_BASE64, 'base64'));
  });
  after(async () => {
    await events.close();
    await fixture.stop();
    await rm(folder, { recursive: true, force: true });
  });

  async function loggedRow(requestId: string): Promise<Record<string, unknown>> {
    await events.waitForGroup('logger', requestId);
    const response = await fetch(`${fixture.gateway.url}/v1/logs/${requestId}`);
    assert.equal(response.status, 200);
    return (await response.json()) as Record<string, unknown>;
  }

  test('an image generation comes back as b64_json or url, and is logged at its price per image', async () => {
    const { data, response } = await fixture.client.images
      .generate({ model: 'dall-e-3', prompt: 'a lighthouse', n: 2, quality: 'hd', response_format: 'b64_json' })
      .withResponse();
    assert.equal(data.data?.length, 2);
    assert.equal(data.data?.[0]?.b64_json, SIMULATED_PNG_BASE64);
    assert.equal(response.headers.get('x-sluice-provider'), 'openai');
    const row = await loggedRow(response.headers.get('x-sluice-request-id') ?? '');
    assert.equal(row.endpoint, 'image_generation');
    assert.equal(row.cost_usd, 0.16, 'two hd 1024x1024 dall-e-3 images at $0.08');
    assert.match(JSON.stringify(row.response_body), /base64 characters/, 'the log keeps no image bytes');

    const byUrl = await fixture.client.images.generate({ model: 'dall-e-2', prompt: 'a lighthouse' });
    assert.match(byUrl.data?.[0]?.url ?? '', /^https:\/\/images\.simulator\.local\//);
  });

  test('an image edit and a variation upload files read from disk, forwarded whole with the form', async () => {
    const png = await readFile(pngPath);
    const edited = await fixture.client.images.edit({
      model: 'gpt-image-1',
      image: createReadStream(pngPath),
      mask: createReadStream(pngPath),
      prompt: 'add a moon',
      quality: 'low',
    });
    assert.equal(edited.data?.[0]?.b64_json, SIMULATED_PNG_BASE64);
    const sent = fixture.simulator.stats().lastBody as {
      fields: Record<string, string>;
      files: { field: string; filename: string; bytes: number }[];
    };
    assert.equal(sent.fields.model, 'gpt-image-1');
    assert.equal(sent.fields.prompt, 'add a moon');
    // The SDK reads the two files concurrently, so which it appends first varies from run to run.
    assert.deepEqual(sent.files.map((file) => [file.field, file.filename, file.bytes]).sort(), [
      ['image', 'photo.png', png.length],
      ['mask', 'photo.png', png.length],
    ]);

    const { data, response } = await fixture.client.images
      .createVariation({ model: 'dall-e-2', image: createReadStream(pngPath), n: 3, size: '256x256' })
      .withResponse();
    assert.equal(data.data?.length, 3);
    const row = await loggedRow(response.headers.get('x-sluice-request-id') ?? '');
    assert.equal(row.endpoint, 'image_variation');
    assert.equal(row.cost_usd, 0.048, 'three 256x256 dall-e-2 images at $0.016');
  });

  test('speech arrives as audio/mpeg bytes, written to disk, priced per character', async () => {
    const input = 'The quick brown fox jumps over the lazy dog.';
    const response = await fixture.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input });
    assert.equal(response.headers.get('content-type'), 'audio/mpeg');
    const target = join(folder, 'speech.mp3');
    await pipeline(Readable.fromWeb(response.body as never), (await import('node:fs')).createWriteStream(target));
    assert.deepEqual(await readFile(target), speechAudio(input));
    const row = await loggedRow(response.headers.get('x-sluice-request-id') ?? '');
    assert.equal(row.endpoint, 'speech');
    assert.equal(row.cost_usd, (input.length / 1_000_000) * 15);
  });

  test('a transcription of a file from disk comes back in every response_format', async () => {
    const transcribe = <Format extends 'json' | 'text' | 'srt' | 'vtt' | 'verbose_json'>(format: Format) =>
      fixture.client.audio.transcriptions.create({
        model: 'whisper-1',
        file: createReadStream(wavPath),
        response_format: format,
      });
    const expected = `Transcript of meeting.wav (${12 * SAMPLE_RATE_BYTES + 44} bytes)`;
    assert.equal((await transcribe('json')).text, expected);
    assert.equal(await transcribe('text'), `${expected}\n`);
    assert.equal(await transcribe('srt'), `1\n00:00:00,000 --> 00:00:12,000\n${expected}\n\n`);
    assert.equal(await transcribe('vtt'), `WEBVTT\n\n00:00:00.000 --> 00:00:12.000\n${expected}\n\n`);
    const { data, response } = await fixture.client.audio.transcriptions
      .create({ model: 'whisper-1', file: createReadStream(wavPath), response_format: 'verbose_json' })
      .withResponse();
    assert.equal(data.duration, 12);
    assert.equal(data.segments?.[0]?.text, expected);
    const row = await loggedRow(response.headers.get('x-sluice-request-id') ?? '');
    assert.equal(row.endpoint, 'transcription');
    assert.equal(row.cost_usd, 0.0012, 'twelve seconds of whisper-1 at $0.006 a minute');
    assert.equal(row.served_model, 'whisper-1');
  });

  test('a plain-text transcription is priced by the uploaded WAV file’s own length', async () => {
    const { response } = await fixture.client.audio.transcriptions
      .create({ model: 'whisper-1', file: createReadStream(wavPath), response_format: 'text' })
      .withResponse();
    const row = await loggedRow(response.headers.get('x-sluice-request-id') ?? '');
    assert.equal(row.cost_usd, 0.0012);
  });

  test('a streamed transcription relays transcript.text.delta events and ends with transcript.text.done', async () => {
    const stream = await fixture.client.audio.transcriptions.create({
      model: 'gpt-4o-mini-transcribe',
      file: createReadStream(wavPath),
      stream: true,
    });
    const deltas: string[] = [];
    let done: string | undefined;
    for await (const event of stream) {
      if (event.type === 'transcript.text.delta') deltas.push(event.delta);
      if (event.type === 'transcript.text.done') done = event.text;
    }
    assert.ok(deltas.length > 1, 'several deltas');
    assert.equal(deltas.join(''), done);
    assert.match(done ?? '', /^Transcript of meeting\.wav/);
  });

  test('a translation is served like a transcription', async () => {
    const translation = await fixture.client.audio.translations.create({
      model: 'whisper-1',
      file: createReadStream(wavPath),
    });
    assert.match(translation.text, /^Transcript of meeting\.wav/);
  });

  test('uploads are deleted from Redis once their requests are over', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const deadline = Date.now() + 2_000;
      let keys = await redis.keys(`${fixture.gateway.prefix}:media:*`);
      while (keys.length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        keys = await redis.keys(`${fixture.gateway.prefix}:media:*`);
      }
      assert.deepEqual(keys, []);
    } finally {
      redis.disconnect();
    }
  });

  describe('bad uploads get a 4xx in OpenAI’s error shape', () => {
    async function refusal(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
      const error = await call.then(
        () => assert.fail('the upload was accepted'),
        (thrown: unknown) => thrown,
      );
      assert.ok(error instanceof OpenAI.APIError, String(error));
      return error;
    }

    test('a file over SLUICE_MEDIA_MAX_BYTES is a 413', async () => {
      const large = join(folder, 'long.wav');
      await writeFile(large, wavFile(Math.ceil(MEDIA_MAX_BYTES / SAMPLE_RATE_BYTES) + 1));
      const error = await refusal(
        fixture.client.audio.transcriptions.create({ model: 'whisper-1', file: createReadStream(large) }),
      );
      assert.equal(error.status, 413);
      assert.equal(error.code, 'request_too_large');
      assert.match(error.message, /SLUICE_MEDIA_MAX_BYTES/);
    });

    test('a body of unknown length over the limit is a 413 too', async () => {
      const form = new FormData();
      form.append('model', 'whisper-1');
      form.append('file', new Blob([Buffer.alloc(MEDIA_MAX_BYTES + 1)]), 'long.wav');
      const body = new Response(form);
      const response = await fetch(`${fixture.gateway.baseURL}/audio/transcriptions`, {
        method: 'POST',
        headers: { 'content-type': body.headers.get('content-type') ?? '' },
        body: body.body,
        duplex: 'half',
      } as RequestInit);
      assert.equal(response.status, 413);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'request_too_large');
    });

    test('a form without its file is a 400 naming the field', async () => {
      const form = new FormData();
      form.append('model', 'whisper-1');
      const response = await fetch(`${fixture.gateway.baseURL}/audio/transcriptions`, { method: 'POST', body: form });
      assert.equal(response.status, 400);
      const body = (await response.json()) as { error: { param: string; type: string; message: string } };
      assert.equal(body.error.param, 'file');
      assert.equal(body.error.type, 'invalid_request_error');
      assert.match(body.error.message, /no `file` file/);
    });

    test('JSON where a multipart form is expected is a 400', async () => {
      const response = await fetch(`${fixture.gateway.baseURL}/audio/transcriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'whisper-1', file: 'meeting.wav' }),
      });
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { error: { message: string } }).error.message, /multipart\/form-data/);
    });

    test('a file of a kind the endpoint does not take is a 400 listing the formats', async () => {
      const notes = join(folder, 'notes.txt');
      await writeFile(notes, 'not audio');
      const error = await refusal(
        fixture.client.audio.transcriptions.create({ model: 'whisper-1', file: createReadStream(notes) }),
      );
      assert.equal(error.status, 400);
      assert.equal(error.code, 'invalid_file_format');
      assert.match(error.message, /wav/);
    });

    test('a form field the log could not store (a NUL character) is a 400 naming it', async () => {
      const form = new FormData();
      form.append('model', 'whisper-1');
      form.append('prompt', 'a\u0000b');
      form.append('file', new Blob([wavFile(1)]), 'short.wav');
      const response = await fetch(`${fixture.gateway.baseURL}/audio/transcriptions`, { method: 'POST', body: form });
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: { param: string } }).error.param, 'prompt');
    });

    test('a form without a model is a 400', async () => {
      const form = new FormData();
      form.append('file', new Blob([wavFile(1)]), 'short.wav');
      const response = await fetch(`${fixture.gateway.baseURL}/audio/transcriptions`, { method: 'POST', body: form });
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: { param: string } }).error.param, 'model');
    });

    test('a body cut short mid-file is a 400, and the gateway keeps serving', async () => {
      const boundary = 'cutshort';
      const head = `--${boundary}\r\ncontent-disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="cut.wav"\r\ncontent-type: audio/wav\r\n\r\n`;
      const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest(
          `${fixture.gateway.baseURL}/audio/transcriptions`,
          { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => {
              body += chunk.toString();
            });
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          },
        );
        request.on('error', reject);
        request.write(head);
        request.end(wavFile(1).subarray(0, 5_000));
      });
      assert.equal(status.status, 400);
      assert.match(status.body, /multipart body could not be read/);
      const after = await fixture.client.audio.translations.create({
        model: 'whisper-1',
        file: createReadStream(wavPath),
      });
      assert.match(after.text, /^Transcript/);
    });

    test('speech without input is a 400 naming it', async () => {
      const error = await refusal(fixture.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: '' }));
      assert.equal(error.status, 400);
      assert.equal(error.param, 'input');
    });
  });
});

describe('images and audio on Azure OpenAI, and routes whose accounts do not serve them', () => {
  let simulator: RunningSimulator;
  let gateway: TestGateway;
  let client: OpenAI;
  let folder: string;
  let wavPath: string;

  before(async () => {
    simulator = await startOpenAISimulator({ knobs: { requiredApiKey: SIMULATED_PROVIDER_KEY } });
    gateway = await startTestGateway({
      configYaml: [
        'providers:',
        '  openai:',
        '    type: openai',
        `    base_url: ${simulator.url}`,
        `    api_key: ${SIMULATED_PROVIDER_KEY}`,
        '  azure:',
        '    type: azure-openai',
        `    base_url: ${simulator.origin}`,
        `    api_key: ${SIMULATED_PROVIDER_KEY}`,
        '  claude:',
        '    type: anthropic',
        '    base_url: http://127.0.0.1:9',
        '    api_key: sk-unused',
        'configs:',
        '  azure-media:',
        '    targets: [{ provider: azure, model: whisper-deployment }]',
        '  claude-only:',
        '    targets: [{ provider: claude, model: claude-haiku-4-5 }]',
        '  claude-then-openai:',
        '    strategy: fallback',
        '    targets: [{ provider: claude, model: claude-haiku-4-5 }, { provider: openai, model: tts-1 }]',
      ].join('\n'),
      env: { SIM_KEY: SIMULATED_PROVIDER_KEY },
    });
    client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused-in-development-mode', maxRetries: 0 });
    folder = await mkdtemp(join(tmpdir(), 'sluice-media-azure-'));
    wavPath = join(folder, 'call.wav');
    await writeFile(wavPath, wavFile(3));
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
    await rm(folder, { recursive: true, force: true });
  });

  test('a transcription routed to an Azure deployment is sent to its deployment URL with its api-key', async () => {
    const transcript = await client.audio.transcriptions.create(
      { model: 'whisper-1', file: createReadStream(wavPath), response_format: 'verbose_json' },
      { headers: { 'x-sluice-config': 'azure-media' } },
    );
    assert.equal(transcript.duration, 3);
    const stats = simulator.stats();
    assert.match(stats.lastPath, /^\/openai\/deployments\/whisper-deployment\/audio\/transcriptions\?api-version=/);
    assert.equal(stats.lastHeaders['api-key'], SIMULATED_PROVIDER_KEY);
    assert.equal((stats.lastBody as { fields: Record<string, string> }).fields.model, 'whisper-deployment');
  });

  test('an image generation on Azure answers like OpenAI', async () => {
    const images = await client.images.generate(
      { model: 'dall-e-3', prompt: 'a harbour', response_format: 'b64_json' },
      { headers: { 'x-sluice-config': '{"targets":[{"provider":"azure","model":"dalle-deployment"}]}' } },
    );
    assert.equal(images.data?.[0]?.b64_json, SIMULATED_PNG_BASE64);
    assert.match(simulator.stats().lastPath, /^\/openai\/deployments\/dalle-deployment\/images\/generations\?/);
  });

  test('a route with no account that serves the endpoint is a 400 naming it', async () => {
    const error = await client.audio.speech
      .create({ model: 'tts-1', voice: 'alloy', input: 'hello' }, { headers: { 'x-sluice-config': 'claude-only' } })
      .then(
        () => assert.fail('an Anthropic account cannot speak'),
        (thrown: unknown) => thrown,
      );
    assert.ok(error instanceof OpenAI.APIError);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'unsupported_endpoint');
    assert.match(error.message, /\/v1\/audio\/speech/);
  });

  test('in a fallback chain, only the accounts that serve the endpoint are tried', async () => {
    const { response } = await client.audio.speech
      .create(
        { model: 'tts-1', voice: 'alloy', input: 'hello' },
        { headers: { 'x-sluice-config': 'claude-then-openai' } },
      )
      .withResponse();
    assert.equal(response.headers.get('x-sluice-provider'), 'openai');
    assert.equal(response.headers.get('x-sluice-attempts'), '1');
  });

  test('speech is relayed as it arrives, not once the provider has finished', async () => {
    simulator.configure({ chunkDelayMs: 150 });
    try {
      const input = 'x'.repeat(640);
      const started = performance.now();
      const response = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      const firstAt = performance.now() - started;
      let bytes = first.value?.length ?? 0;
      for (let next = await reader.read(); !next.done; next = await reader.read()) bytes += next.value.length;
      const doneAt = performance.now() - started;
      assert.equal(bytes, speechAudio(input).length);
      assert.ok(doneAt - firstAt > 1_000, `first bytes at ${firstAt} ms, the last at ${doneAt} ms`);
    } finally {
      simulator.reset();
    }
  });
});

describe('images and audio under governance: virtual keys, budgets and properties', () => {
  const adminToken = 'admin-token-for-media-tests';
  let simulator: RunningSimulator;
  let gateway: TestGateway;
  let admin: AdminClient;
  let events: CompletionEventProbe;
  let folder: string;
  let wavPath: string;

  before(async () => {
    simulator = await startOpenAISimulator();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-sim\n`,
      env: { SLUICE_ADMIN_TOKEN: adminToken },
    });
    admin = adminClient(gateway.url, adminToken);
    events = new CompletionEventProbe(gateway.prefix);
    folder = await mkdtemp(join(tmpdir(), 'sluice-media-keys-'));
    wavPath = join(folder, 'memo.wav');
    await writeFile(wavPath, wavFile(2));
  });
  after(async () => {
    await events.close();
    await gateway.stop();
    await simulator.close();
    await rm(folder, { recursive: true, force: true });
  });

  test('an upload without a key is a 401 before anything is stored', async () => {
    const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'sk-sluice-not-a-key', maxRetries: 0 });
    const error = await client.audio.transcriptions
      .create({ model: 'whisper-1', file: createReadStream(wavPath) })
      .then(
        () => assert.fail('accepted without a key'),
        (thrown: unknown) => thrown,
      );
    assert.ok(error instanceof OpenAI.APIError);
    assert.equal(error.status, 401);
    assert.equal(simulator.stats().requests, 0);
  });

  test('an image generation’s price is reserved while it runs, so a second one past the budget waits for none', async () => {
    const created = await admin.request('POST', '/admin/virtual-keys', {
      name: 'media-hold',
      budget: { usd: 0.05, period: 'day' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: String(created.body.key), maxRetries: 0 });
    simulator.configure({ latencyMs: 1_000 });
    try {
      const first = client.images.generate({ model: 'dall-e-3', prompt: 'a comet', quality: 'hd' });
      await eventually(async () => {
        const key = await admin.request('GET', `/admin/virtual-keys/${created.body.id}`);
        return (key.body.budget_status as { reserved_usd: number }).reserved_usd === 0.08;
      });
      const second = await client.images.generate({ model: 'dall-e-3', prompt: 'a comet', quality: 'hd' }).then(
        () => assert.fail('the first image’s reservation already covers the budget'),
        (thrown: unknown) => thrown,
      );
      assert.ok(second instanceof OpenAI.APIError);
      assert.equal(second.status, 402);
      assert.equal((await first).data?.length, 1);
    } finally {
      simulator.reset();
    }
  });

  test('media cost is charged to the key’s budget and logged with its properties; a spent budget is a 402', async () => {
    const created = await admin.request('POST', '/admin/virtual-keys', {
      name: 'media',
      budget: { usd: 0.05, period: 'day' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: String(created.body.key), maxRetries: 0 });
    const { response } = await client.images
      .generate(
        { model: 'dall-e-3', prompt: 'a comet', quality: 'hd' },
        { headers: { 'x-sluice-property-team': 'art' } },
      )
      .withResponse();
    const requestId = response.headers.get('x-sluice-request-id') ?? '';
    await events.waitForGroup('logger', requestId);
    await events.waitForGroup('governance', requestId);
    const row = (await (
      await fetch(`${gateway.baseURL}/logs/${requestId}`, { headers: { authorization: `Bearer ${created.body.key}` } })
    ).json()) as Record<string, unknown>;
    assert.equal(row.cost_usd, 0.08);
    assert.deepEqual(row.properties, { team: 'art' });
    assert.equal(row.virtual_key_id, created.body.id);
    await eventually(async () => {
      const key = await admin.request('GET', `/admin/virtual-keys/${created.body.id}`);
      return (key.body.budget_status as { spent_usd: number }).spent_usd === 0.08;
    });

    const refused = await client.audio.transcriptions
      .create({ model: 'whisper-1', file: createReadStream(wavPath) })
      .then(
        () => assert.fail('the budget is spent'),
        (thrown: unknown) => thrown,
      );
    assert.ok(refused instanceof OpenAI.APIError);
    assert.equal(refused.status, 402);
  });
});
