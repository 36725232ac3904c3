import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import { MediaBlobMissingError, MediaBlobStore, noHashTag } from '@sluice/queues';
import busboy from 'busboy';
import { Redis } from 'ioredis';
import { multipartForm } from '../../services/worker/src/media/multipart-form';
import { deleteKeys } from '../helpers/start-test-gateway';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Parsed {
  parts: { name: string; value?: string; filename?: string; contentType?: string; bytes?: Buffer }[];
}

async function parse(contentType: string, body: Readable): Promise<Parsed> {
  const parser = busboy({ headers: { 'content-type': contentType } });
  const parts: Parsed['parts'] = [];
  const files: Promise<void>[] = [];
  parser.on('field', (name, value) => parts.push({ name, value }));
  parser.on('file', (name, stream, info) => {
    const part: Parsed['parts'][number] = { name, filename: info.filename, contentType: info.mimeType };
    parts.push(part);
    const chunks: Buffer[] = [];
    files.push(
      new Promise((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          part.bytes = Buffer.concat(chunks);
          resolve();
        });
      }),
    );
  });
  await pipeline(body, parser);
  await Promise.all(files);
  return { parts };
}

async function drain(body: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of body) bytes += (chunk as Buffer).length;
  return bytes;
}

describe('the multipart form a worker sends the provider', () => {
  const prefix = `tmedia${randomUUID().slice(0, 8)}`;
  let redis: Redis;
  let blobs: MediaBlobStore;

  before(() => {
    redis = new Redis(REDIS_URL);
    blobs = new MediaBlobStore(redis, `${prefix}:media`, noHashTag, 60_000);
  });
  after(async () => {
    redis.disconnect();
    await deleteKeys(REDIS_URL, prefix);
  });

  test('keeps the fields in order with repeats, replaces the model where it stood, and carries each file whole from its blob', async () => {
    const audio = Buffer.alloc(700_000);
    for (let index = 0; index < audio.length; index += 1) audio[index] = (index * 13) & 0xff;
    const key = blobs.keyFor('req1', 0);
    for (let offset = 0; offset < audio.length; offset += 100_000)
      await blobs.append(key, audio.subarray(offset, offset + 100_000));
    const form = multipartForm(
      {
        fields: [
          ['model', 'whisper-1'],
          ['timestamp_granularities[]', 'word'],
          ['timestamp_granularities[]', 'segment'],
          ['prompt', 'say "hi"'],
        ],
        files: [{ field: 'file', filename: 'talk "one".wav', contentType: 'audio/wav', bytes: audio.length, key }],
      },
      { model: 'whisper-deployment', temperature: '0.2' },
      blobs,
    );
    const parsed = await parse(form.contentType, form.body as Readable);
    assert.deepEqual(
      parsed.parts.map((part) => [part.name, part.value ?? part.filename]),
      [
        ['model', 'whisper-deployment'],
        ['timestamp_granularities[]', 'word'],
        ['timestamp_granularities[]', 'segment'],
        ['prompt', 'say "hi"'],
        ['temperature', '0.2'],
        ['file', 'talk %22one%22.wav'],
      ],
    );
    const file = parsed.parts.find((part) => part.name === 'file');
    assert.equal(file?.contentType, 'audio/wav');
    assert.ok(file?.bytes?.equals(audio), 'the file arrives byte for byte');
  });

  test('the Content-Length it declares is the length it sends', async () => {
    const key = blobs.keyFor('req2', 0);
    await blobs.append(key, Buffer.from('0123456789'));
    const form = multipartForm(
      {
        fields: [['model', 'm']],
        files: [{ field: 'image', filename: 'a.png', contentType: 'image/png', bytes: 10, key }],
      },
      { model: 'n' },
      blobs,
    );
    assert.equal(await drain(form.body as Readable), form.contentLength);
  });

  test('a blob that is gone fails the body with MediaBlobMissingError, which the form reports as the cause', async () => {
    const form = multipartForm(
      {
        fields: [],
        files: [
          { field: 'file', filename: 'a.wav', contentType: 'audio/wav', bytes: 10, key: blobs.keyFor('gone', 0) },
        ],
      },
      { model: 'whisper-1' },
      blobs,
    );
    await assert.rejects(drain(form.body as Readable), MediaBlobMissingError);
    assert.ok(form.readFailure() instanceof MediaBlobMissingError);
  });
});
