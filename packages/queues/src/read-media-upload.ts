import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidRequestError, PayloadTooLargeError, SluiceError, UnavailableError } from '@sluice/errors';
import { unstorableTextProblem } from '@sluice/json-input';
import busboy from 'busboy';
import type { MediaBlobStore } from './media-blob-store';
import type { MediaUpload, UploadedFile } from './media-upload';
import { isRedisUnavailable } from './redis-unavailable';

/** Pieces of an upload are gathered up to this size before each is appended to its blob. */
const APPEND_PIECE_BYTES = 256 * 1024;
const MAX_FILES = 16;
const MAX_FIELDS = 64;
const MAX_FIELD_BYTES = 256 * 1024;

/** A multipart body as it arrives: the stream, with the request's headers (its content type names the boundary). */
export type UploadSource = Readable & { headers: IncomingHttpHeaders };

export interface MediaUploadRules {
  /** What the form is for, in messages: `an audio transcription`. */
  purpose: string;
  /** The file fields this endpoint takes (`file`; `image`, `image[]`, `mask`); the first is required. */
  fileFields: readonly string[];
  /** File name extensions the provider accepts, lower case without the dot; a name without one is left to it. */
  extensions: readonly string[];
  /** The most an upload's files may hold together (SLUICE_MEDIA_MAX_BYTES). */
  maxBytes: number;
}

/**
 * Reads a multipart media upload (docs/images-and-audio.md): its form fields in order, and each file streamed into its
 * own media blob piece by piece — never whole in memory — as the request arrives. Every way an upload can be wrong ends
 * in a 4xx that says what to change, with whatever was stored already removed: not multipart (400), a file over
 * `maxBytes` (413), a body cut short or unreadable (400), a file of a kind the endpoint does not take (400), or no
 * file at all (400).
 */
export async function readMediaUpload(
  request: UploadSource,
  blobs: MediaBlobStore,
  rules: MediaUploadRules,
): Promise<MediaUpload> {
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data'))
    throw new InvalidRequestError(
      `Send ${rules.purpose} as multipart/form-data with a \`${rules.fileFields[0]}\` file (got ${JSON.stringify(contentType.split(';')[0] || 'no content type')}).`,
      { param: rules.fileFields[0] },
    );
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      limits: { files: MAX_FILES, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, fileSize: rules.maxBytes },
    });
  } catch (error) {
    throw unreadable(error, rules);
  }
  const uploadId = randomUUID();
  const fields: [string, string][] = [];
  const written: Promise<UploadedFile>[] = [];
  const received = { bytes: 0 };
  let refusal: SluiceError | undefined;
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated)
      refusal ??= new InvalidRequestError(`The form field \`${name}\` is over ${MAX_FIELD_BYTES} bytes.`, {
        param: name,
      });
    const unstorable = unstorableTextProblem(name, 'a form field name') ?? unstorableTextProblem(value, name);
    if (unstorable)
      refusal ??= new InvalidRequestError(`${unstorable.path} ${unstorable.message}.`, { param: unstorable.path });
    fields.push([name, value]);
  });
  parser.on('filesLimit', () => {
    refusal ??= new InvalidRequestError(`An upload carries at most ${MAX_FILES} files.`, {
      param: rules.fileFields[0],
    });
  });
  parser.on('file', (name, stream, info) => {
    const filename = info.filename ?? name;
    const problem = refusal ? undefined : fileProblem(name, filename, rules);
    if (refusal || problem) {
      refusal ??= problem;
      stream.on('error', () => undefined).resume();
      return;
    }
    const file = { field: name, filename, contentType: info.mimeType };
    const part = writePart(stream, blobs.keyFor(uploadId, written.length), file, { blobs, rules, received });
    part.catch(() => undefined);
    written.push(part);
  });
  let files: UploadedFile[];
  try {
    await pipeline(request, parser);
    files = await Promise.all(written);
  } catch (error) {
    await discard(written, blobs);
    throw unreadable(error, rules);
  }
  const required = rules.fileFields[0] as string;
  const problem =
    refusal ??
    (files.some((file) => file.field === required || file.field === `${required}[]`)
      ? undefined
      : new InvalidRequestError(`The upload has no \`${required}\` file: ${rules.purpose} needs one.`, {
          param: required,
        }));
  if (problem) {
    await blobs.delete(files.map((file) => file.key));
    throw problem;
  }
  return { fields, files };
}

/** Why a file part is refused before any of it is stored, or undefined. */
function fileProblem(field: string, filename: string, rules: MediaUploadRules): SluiceError | undefined {
  const base = field.endsWith('[]') ? field.slice(0, -2) : field;
  if (!rules.fileFields.includes(base))
    return new InvalidRequestError(
      `\`${field}\` is not a file field of ${rules.purpose}; send ${rules.fileFields.map((name) => `\`${name}\``).join(' or ')}.`,
      { param: field },
    );
  const nameProblem = unstorableTextProblem(filename, field);
  if (nameProblem) return new InvalidRequestError(`The file name ${nameProblem.message}.`, { param: field });
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (extension !== undefined && !rules.extensions.includes(extension))
    return new InvalidRequestError(
      `${JSON.stringify(filename)} is not a file ${rules.purpose} takes; supported formats: ${rules.extensions.join(', ')}.`,
      { param: field, code: 'invalid_file_format' },
    );
  return undefined;
}

interface PartTarget {
  blobs: MediaBlobStore;
  rules: MediaUploadRules;
  /** Bytes of every file of the upload so far, held to `rules.maxBytes`. */
  received: { bytes: number };
}

/**
 * Streams one file part into its blob. The part's error listener is attached before anything is awaited: busboy
 * destroys the part's stream when the body ends mid-part, and an error with no listener would end the process.
 */
function writePart(
  stream: Readable,
  key: string,
  file: Omit<UploadedFile, 'key' | 'bytes'>,
  target: PartTarget,
): Promise<UploadedFile> {
  let streamError: unknown;
  stream.on('error', (error: unknown) => {
    streamError = error;
  });
  return (async () => {
    let bytes = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const piece = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      await target.blobs.append(key, piece).catch((error: unknown) => {
        throw new BlobWriteFailure(error);
      });
    };
    try {
      for await (const chunk of stream) {
        const data = chunk as Buffer;
        bytes += data.length;
        target.received.bytes += data.length;
        if (target.received.bytes > target.rules.maxBytes) throw tooLarge(target.rules);
        pending.push(data);
        pendingBytes += data.length;
        if (pendingBytes >= APPEND_PIECE_BYTES) await flush();
      }
      if (streamError !== undefined) throw streamError;
      if ((stream as { truncated?: boolean }).truncated) throw tooLarge(target.rules);
      await flush();
      return { ...file, key, bytes };
    } catch (error) {
      stream.resume();
      await target.blobs.delete([key]).catch(() => undefined);
      throw error;
    }
  })();
}

function tooLarge(rules: MediaUploadRules): PayloadTooLargeError {
  return new PayloadTooLargeError(rules.maxBytes, 'SLUICE_MEDIA_MAX_BYTES');
}

async function discard(written: readonly Promise<UploadedFile>[], blobs: MediaBlobStore): Promise<void> {
  const settled = await Promise.allSettled(written);
  const keys = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value.key] : []));
  await blobs.delete(keys).catch(() => undefined);
}

/** A media blob that could not be written: Sluice's failure (Redis), never the client's. */
class BlobWriteFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('a media blob could not be written');
    this.name = 'BlobWriteFailure';
  }
}

/**
 * A failure while reading the upload as the client sees it: its own error when it is one; a 503 when Redis could not
 * take the file, or the store's own failure (a 500) otherwise; else a 400 on the body.
 */
function unreadable(error: unknown, rules: MediaUploadRules): unknown {
  if (error instanceof SluiceError) return error;
  if (error instanceof BlobWriteFailure)
    return isRedisUnavailable(error.cause)
      ? new UnavailableError('Redis is unavailable, so the upload could not be stored; retry later.', error.cause)
      : error.cause;
  const reason = error instanceof Error ? error.message : String(error);
  return new InvalidRequestError(`The multipart body could not be read: ${reason}.`, { param: rules.fileFields[0] });
}
