import { randomBytes } from 'node:crypto';

/** A stored file as OpenAI's Files API shows it. */
export interface FileObject {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  status: 'uploaded' | 'processed' | 'error';
  status_details: null;
  expires_at: null;
}

export interface FileRow {
  id: string;
  purpose: string;
  filename: string;
  bytes: string | number;
  status: string;
  created_at: Date | string;
}

export function toFileObject(row: FileRow): FileObject {
  return {
    id: row.id,
    object: 'file',
    bytes: Number(row.bytes),
    created_at: unixSeconds(row.created_at),
    filename: row.filename,
    purpose: row.purpose,
    status: 'processed',
    status_details: null,
    expires_at: null,
  };
}

export function newFileId(): string {
  return `file-${randomBytes(12).toString('hex')}`;
}

export function unixSeconds(value: Date | string): number {
  return Math.floor(new Date(value).getTime() / 1000);
}
