import type { SqlDatabase } from '@sluice/database';
import { InvalidRequestError } from '@sluice/errors';
import { type FileObject, type FileRow, newFileId, toFileObject } from './file-object';

/** Bytes per stored chunk: the most of a file ever held in memory by a write or a read. */
export const FILE_CHUNK_BYTES = 512 * 1024;

const FILE_COLUMNS = 'id, purpose, filename, bytes, status, created_at';

export interface FileListQuery {
  /** Only this owner's files; undefined lists everyone's (admin). */
  owner: string | undefined;
  purpose?: string | undefined;
  limit: number;
  after?: string | undefined;
}

/**
 * Files in the database, their content in fixed-size chunks: an upload is written chunk by chunk as it arrives and
 * a download read chunk by chunk, so no file is ever whole in memory. A file is visible once completely written.
 */
export class FileStore {
  constructor(private readonly database: SqlDatabase) {}

  /** Opens a file for writing; nothing is visible until `finish`, and `abort` removes what was written. */
  async open(filename: string, purpose: string, owner: string): Promise<FileWriter> {
    const id = newFileId();
    await this.database.query(
      `INSERT INTO files (id, purpose, filename, status, owner) VALUES ($1, $2, $3, 'uploading', $4)`,
      [id, purpose, filename, owner],
    );
    return new FileWriter(this.database, id);
  }

  /** Stores a stream as a new file. */
  async create(
    filename: string,
    purpose: string,
    owner: string,
    content: AsyncIterable<Buffer | string>,
  ): Promise<FileObject> {
    const writer = await this.open(filename, purpose, owner);
    try {
      for await (const part of content) await writer.write(part);
      return await writer.finish();
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }

  /** A complete file, if it exists and (with `owner`) belongs to that owner. */
  async get(id: string, owner?: string): Promise<FileObject | undefined> {
    const { rows } = await this.database.query<FileRow>(
      `SELECT ${FILE_COLUMNS} FROM files WHERE id = $1 AND status = 'processed' AND ($2::text IS NULL OR owner = $2)`,
      [id, owner ?? null],
    );
    return rows[0] ? toFileObject(rows[0]) : undefined;
  }

  /** Newest first; `after` is the id of the last file of the previous page. */
  async list(query: FileListQuery): Promise<{ files: FileObject[]; hasMore: boolean }> {
    const cursor =
      query.after === undefined
        ? undefined
        : await this.database.query<{ created_at: Date }>('SELECT created_at FROM files WHERE id = $1', [query.after]);
    if (cursor && cursor.rows.length === 0)
      throw new InvalidRequestError(`after: no file "${query.after}"`, { param: 'after' });
    const { rows } = await this.database.query<FileRow>(
      `SELECT ${FILE_COLUMNS} FROM files
       WHERE status = 'processed' AND ($1::text IS NULL OR purpose = $1) AND ($5::text IS NULL OR owner = $5)
         AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [
        query.purpose ?? null,
        cursor?.rows[0]?.created_at ?? null,
        query.after ?? null,
        query.limit + 1,
        query.owner ?? null,
      ],
    );
    return { files: rows.slice(0, query.limit).map(toFileObject), hasMore: rows.length > query.limit };
  }

  async delete(id: string, owner?: string): Promise<boolean> {
    const { rows } = await this.database.query<{ id: string }>(
      'DELETE FROM files WHERE id = $1 AND ($2::text IS NULL OR owner = $2) RETURNING id',
      [id, owner ?? null],
    );
    return rows.length > 0;
  }

  /**
   * Deletes uploads still being written that began before `startedBefore`, with their chunks: what a process that
   * died mid-upload left behind (an upload that fails while its process lives is removed at once). Returns how many.
   */
  async removeAbandonedUploads(startedBefore: Date): Promise<number> {
    const { rows } = await this.database.query<{ id: string }>(
      `DELETE FROM files WHERE status = 'uploading' AND created_at < $1 RETURNING id`,
      [startedBefore],
    );
    return rows.length;
  }

  /** The content, one stored chunk at a time. */
  async *chunks(id: string): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq += 1) {
      const { rows } = await this.database.query<{ data: Uint8Array }>(
        'SELECT data FROM file_chunks WHERE file_id = $1 AND seq = $2',
        [id, seq],
      );
      const row = rows[0];
      if (!row) return;
      yield Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
    }
  }
}

/** Appends to one file in FILE_CHUNK_BYTES pieces. */
export class FileWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;
  private bytes = 0;

  constructor(
    private readonly database: SqlDatabase,
    readonly id: string,
  ) {}

  async write(part: Buffer | string): Promise<void> {
    const buffer = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    this.pending.push(buffer);
    this.pendingBytes += buffer.length;
    this.bytes += buffer.length;
    if (this.pendingBytes < FILE_CHUNK_BYTES) return;
    const joined = Buffer.concat(this.pending);
    let offset = 0;
    for (; joined.length - offset >= FILE_CHUNK_BYTES; offset += FILE_CHUNK_BYTES) {
      await this.store(joined.subarray(offset, offset + FILE_CHUNK_BYTES));
    }
    const rest = joined.subarray(offset);
    this.pending = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.length;
  }

  get size(): number {
    return this.bytes;
  }

  async finish(): Promise<FileObject> {
    if (this.pendingBytes > 0) await this.store(Buffer.concat(this.pending));
    this.pending = [];
    const { rows } = await this.database.query<FileRow>(
      `UPDATE files SET status = 'processed', bytes = $2 WHERE id = $1 RETURNING ${FILE_COLUMNS}`,
      [this.id, this.bytes],
    );
    if (!rows[0]) throw new Error(`file ${this.id} vanished while it was written`);
    return toFileObject(rows[0]);
  }

  async abort(): Promise<void> {
    this.pending = [];
    await this.database.query('DELETE FROM files WHERE id = $1', [this.id]).catch(() => undefined);
  }

  private async store(data: Buffer): Promise<void> {
    await this.database.query('INSERT INTO file_chunks (file_id, seq, data) VALUES ($1, $2, $3)', [
      this.id,
      this.seq,
      data,
    ]);
    this.seq += 1;
  }
}
