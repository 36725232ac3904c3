import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { UnavailableError } from '@sluice/errors';
import { MediaBlobStore, mediaUploadRules, noHashTag, readMediaUpload, type UploadSource } from '@sluice/queues';
import { Redis } from 'ioredis';

/** A multipart request as express hands it over: the body stream with its headers. */
function multipartRequest(boundary: string, parts: string): UploadSource {
  const request = Readable.from([Buffer.from(parts)]) as unknown as UploadSource;
  Object.assign(request, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  return request;
}

test('an upload Redis cannot take is a 503 (Sluice’s failure), not a 400 blaming the body', async () => {
  const unreachable = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  unreachable.on('error', () => undefined);
  const blobs = new MediaBlobStore(unreachable, 'tmedia-unreachable', noHashTag, 60_000);
  const body =
    '--b\r\ncontent-disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n' +
    '--b\r\ncontent-disposition: form-data; name="file"; filename="a.wav"\r\ncontent-type: audio/wav\r\n\r\n' +
    `${'x'.repeat(1000)}\r\n--b--\r\n`;
  try {
    await assert.rejects(
      readMediaUpload(multipartRequest('b', body), blobs, mediaUploadRules('transcription', 1_000_000)),
      (error: unknown) => error instanceof UnavailableError && error.status === 503,
    );
  } finally {
    unreachable.disconnect();
  }
});
