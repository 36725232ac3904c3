import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { MediaRequestBody } from '@sluice/providers';
import type { MediaBlobStore, MediaUpload } from '@sluice/queues';

/**
 * The client's multipart form again, for the provider: its fields in order with `model` (and any override_params)
 * replaced in place, then its files, read from their media blobs piece by piece as the body is sent. The length is
 * known up front, so the provider gets a Content-Length.
 */
export function multipartForm(
  upload: MediaUpload,
  replaced: Record<string, string>,
  blobs: MediaBlobStore,
): MediaRequestBody & { readFailure: () => unknown } {
  const boundary = `----sluice${randomBytes(12).toString('hex')}`;
  const texts = withReplacements(upload.fields, replaced).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`),
  );
  const fileHeads = upload.files.map((file) =>
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="${quoted(file.field)}"; filename="${quoted(file.filename)}"\r\n` +
        `content-type: ${file.contentType}\r\n\r\n`,
    ),
  );
  const closing = Buffer.from(`--${boundary}--\r\n`);
  const contentLength =
    texts.reduce((total, text) => total + text.length, 0) +
    upload.files.reduce((total, file, index) => total + (fileHeads[index]?.length ?? 0) + file.bytes + 2, 0) +
    closing.length;
  let readFailure: unknown;
  async function* pieces(): AsyncGenerator<Buffer> {
    yield* texts;
    for (const [index, file] of upload.files.entries()) {
      yield fileHeads[index] as Buffer;
      try {
        yield* blobs.read(file.key, file.bytes);
      } catch (error) {
        readFailure = error;
        throw error;
      }
      yield Buffer.from('\r\n');
    }
    yield closing;
  }
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Readable.from(pieces(), { objectMode: false }),
    contentLength,
    /** Why a file could not be read from its blob, when that is what broke the upload (Sluice's failure). */
    readFailure: () => readFailure,
  };
}

/** The fields in order, each replaced one given its new value where it first stood; new ones at the end. */
function withReplacements(fields: readonly [string, string][], replaced: Record<string, string>): [string, string][] {
  const placed = new Set<string>();
  const result: [string, string][] = [];
  for (const [name, value] of fields) {
    if (!Object.hasOwn(replaced, name)) result.push([name, value]);
    else if (!placed.has(name)) {
      placed.add(name);
      result.push([name, replaced[name] as string]);
    }
  }
  for (const [name, value] of Object.entries(replaced)) if (!placed.has(name)) result.push([name, value]);
  return result;
}

/** A name or file name in a quoted Content-Disposition parameter (quotes and line breaks escaped as browsers do). */
function quoted(text: string): string {
  return text.replaceAll('"', '%22').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}
