import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidRequestError, PayloadTooLargeError, SluiceError } from '@sluice/errors';
import { unstorableTextProblem } from '@sluice/json-input';
import type { UploadSource } from '@sluice/queues';
import busboy from 'busboy';
import type { FileStore, FileWriter } from './file-store';

/** What a multipart upload carried: its form fields and its file, already written (not yet finished). */
export interface FileUpload {
  fields: Record<string, string>;
  file: FileWriter | undefined;
}

/**
 * Streams a multipart upload's `file` part into the file store chunk by chunk (never whole in memory), collecting
 * the other fields. Over `maxBytes` the written part is removed and the upload is a 413. Every failure of the
 * request, the parser or the part's stream — a truncated body, a missing boundary, a client that goes away — ends
 * in one rejection, a 400 naming `file` unless it is already a client error, and removes what was written.
 */
export async function readFileUpload(
  request: UploadSource,
  files: FileStore,
  owner: string,
  maxBytes: number,
): Promise<FileUpload> {
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new InvalidRequestError('Upload the file as multipart/form-data with fields `file` and `purpose`.', {
      param: 'file',
    });
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { files: 1, fields: 20, fileSize: maxBytes } });
  } catch (error) {
    throw unreadable(error);
  }
  const fields: Record<string, string> = {};
  let written: Promise<FileWriter> | undefined;
  parser.on('field', (name, value) => {
    fields[name] = value;
  });
  parser.on('file', (name, stream, info) => {
    if (name !== 'file' || written) {
      stream.on('error', () => undefined).resume();
      return;
    }
    written = writePart(stream, info.filename || 'upload.jsonl', { files, owner, maxBytes });
    written.catch(() => undefined);
  });
  try {
    await pipeline(request, parser);
  } catch (error) {
    await written?.then((writer) => writer.abort()).catch(() => undefined);
    throw unreadable(error);
  }
  return { fields, file: written === undefined ? undefined : await written };
}

interface PartTarget {
  files: FileStore;
  owner: string;
  maxBytes: number;
}

/**
 * Writes the file part. Its error listener is attached before anything is awaited: busboy destroys the part's
 * stream with an error when the body ends mid-part, and an error with no listener would end the process.
 */
function writePart(stream: Readable, filename: string, target: PartTarget): Promise<FileWriter> {
  let streamError: unknown;
  stream.on('error', (error: unknown) => {
    streamError = error;
  });
  const problem = unstorableTextProblem(filename, 'file');
  if (problem !== undefined) {
    stream.resume();
    return Promise.reject(new InvalidRequestError(`The file name ${problem.message}.`, { param: 'file' }));
  }
  return (async () => {
    const writer = await target.files.open(filename, 'batch', target.owner);
    try {
      if (streamError !== undefined) throw streamError;
      for await (const chunk of stream) await writer.write(chunk as Buffer);
      if ((stream as { truncated?: boolean }).truncated)
        throw new PayloadTooLargeError(target.maxBytes, 'SLUICE_FILE_MAX_BYTES');
      return writer;
    } catch (error) {
      stream.resume();
      await writer.abort();
      throw error;
    }
  })();
}

/** A failure while reading the upload as the client sees it: its own error when it is one, else a 400 on `file`. */
function unreadable(error: unknown): SluiceError {
  if (error instanceof SluiceError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new InvalidRequestError(`The multipart body could not be read: ${reason}.`, { param: 'file' });
}
