import type { FileStore, FileWriter } from '@sluice/batches';
import { InvalidRequestError, PayloadTooLargeError } from '@sluice/errors';
import busboy from 'busboy';
import type { Request } from 'express';

/** What a multipart upload carried: its form fields and its file, already written (not yet finished). */
export interface Upload {
  fields: Record<string, string>;
  file: FileWriter | undefined;
}

/**
 * Streams a multipart upload's `file` part into the file store chunk by chunk (never whole in memory), collecting
 * the other fields. Over `maxBytes` the written part is removed and the upload is a 413.
 */
export function readUpload(request: Request, files: FileStore, owner: string, maxBytes: number): Promise<Upload> {
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    return Promise.reject(
      new InvalidRequestError('Upload the file as multipart/form-data with fields `file` and `purpose`.', {
        param: 'file',
      }),
    );
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let written: Promise<FileWriter> | undefined;
    const parser = busboy({ headers: request.headers, limits: { files: 1, fields: 20, fileSize: maxBytes } });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || written) {
        stream.resume();
        return;
      }
      written = (async () => {
        const writer = await files.open(info.filename || 'upload.jsonl', 'batch', owner);
        try {
          for await (const chunk of stream) await writer.write(chunk as Buffer);
          if ((stream as { truncated?: boolean }).truncated) throw new PayloadTooLargeError(maxBytes);
          return writer;
        } catch (error) {
          stream.resume();
          await writer.abort();
          throw error;
        }
      })();
      written.catch(() => undefined);
    });
    parser.on('error', (error: unknown) =>
      reject(
        new InvalidRequestError(
          `The multipart body could not be read: ${error instanceof Error ? error.message : String(error)}`,
          { param: 'file' },
        ),
      ),
    );
    parser.on('close', () => {
      if (!written) return resolve({ fields, file: undefined });
      written.then((file) => resolve({ fields, file }), reject);
    });
    request.pipe(parser);
  });
}
