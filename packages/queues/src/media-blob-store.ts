import type { HashTag } from './hash-tag';
import type { RedisClient } from './redis-client';

/** How long a media blob outlives its request's deadline before Redis drops it on its own. */
const BLOB_GRACE_MS = 60_000;

/** A media blob's lifetime: the request timeout (SLUICE_REQUEST_TIMEOUT_MS) and a minute. */
export function mediaBlobTtlMs(env: { SLUICE_REQUEST_TIMEOUT_MS: number }): number {
  return env.SLUICE_REQUEST_TIMEOUT_MS + BLOB_GRACE_MS;
}

/** How much of a blob one read takes from Redis. */
const READ_PIECE_BYTES = 256 * 1024;

export class MediaBlobMissingError extends Error {
  constructor(key: string) {
    super(`media blob ${key} is gone (its request ended or it expired)`);
    this.name = 'MediaBlobMissingError';
  }
}

/**
 * Uploaded images and audio, each kept once in Redis as one string (a media blob) from the moment the ingress reads it
 * until its request is over: the job carries only the key. Written piece by piece as the upload arrives and read back
 * piece by piece as the upstream body is sent, so neither side holds a whole file. Every blob expires on its own
 * after `ttlMs`, in case the ingress that should delete it is gone.
 */
export class MediaBlobStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string,
    private readonly hashTag: HashTag,
    private readonly ttlMs: number,
  ) {}

  /** The key of a request's n-th file (every key of one request on one cluster slot). */
  keyFor(requestId: string, index: number): string {
    return `${this.keyPrefix}:${this.hashTag(requestId)}:${index}`;
  }

  async append(key: string, piece: Buffer): Promise<void> {
    await this.redis.multi().append(key, piece).pexpire(key, this.ttlMs).exec();
  }

  /** The blob's bytes in pieces; a blob shorter than `bytes` (gone, or expired) fails with MediaBlobMissingError. */
  async *read(key: string, bytes: number): AsyncGenerator<Buffer> {
    for (let offset = 0; offset < bytes; offset += READ_PIECE_BYTES) {
      const end = Math.min(offset + READ_PIECE_BYTES, bytes) - 1;
      const piece = await this.redis.getrangeBuffer(key, offset, end);
      if (piece.length !== end - offset + 1) throw new MediaBlobMissingError(key);
      yield piece;
    }
  }

  /** The first bytes of a blob (a file's header), at most `bytes` of them. */
  async head(key: string, bytes: number): Promise<Buffer> {
    return this.redis.getrangeBuffer(key, 0, bytes - 1);
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.redis.del(key);
  }
}
