/**
 * Reads a multipart/form-data request as OpenAI's upload endpoints do: the fields, and each file's name, type, size
 * and SHA-256, streamed (never held whole); only the first bytes of each file are kept, for its header.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';

const HEAD_BYTES = 4096;

export interface ReceivedFile {
  field: string;
  filename: string;
  contentType: string;
  bytes: number;
  sha256: string;
  /** The file's first bytes. */
  head: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  /** Repeated fields (`timestamp_granularities[]`), every value in order. */
  repeated: Record<string, string[]>;
  files: ReceivedFile[];
}

export async function readMultipartForm(request: IncomingMessage): Promise<MultipartForm> {
  const parser = busboy({ headers: request.headers });
  const form: MultipartForm = { fields: {}, repeated: {}, files: [] };
  const files: Promise<ReceivedFile>[] = [];
  parser.on('field', (name, value) => {
    form.fields[name] = value;
    form.repeated[name] = [...(form.repeated[name] ?? []), value];
  });
  parser.on('file', (field, stream, info) => {
    files.push(
      new Promise((resolve, reject) => {
        const hash = createHash('sha256');
        const head: Buffer[] = [];
        let bytes = 0;
        stream.on('data', (chunk: Buffer) => {
          if (bytes < HEAD_BYTES) head.push(chunk.subarray(0, HEAD_BYTES - bytes));
          bytes += chunk.length;
          hash.update(chunk);
        });
        stream.on('error', reject);
        stream.on('end', () =>
          resolve({
            field,
            filename: info.filename ?? '',
            contentType: info.mimeType,
            bytes,
            sha256: hash.digest('hex'),
            head: Buffer.concat(head),
          }),
        );
      }),
    );
  });
  await pipeline(request, parser);
  form.files = await Promise.all(files);
  return form;
}
