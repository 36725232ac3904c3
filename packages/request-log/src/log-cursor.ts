import { InvalidRequestError } from '@sluice/errors';
import { z } from 'zod';

/** Where a page ended: the last row's (created_at, id), newest first. */
export interface LogCursor {
  createdAt: string;
  id: string;
}

const CursorSchema = z.object({ c: z.iso.datetime(), i: z.string() });

/** An opaque token for the next page. */
export function encodeLogCursor(cursor: LogCursor): string {
  return Buffer.from(JSON.stringify({ c: cursor.createdAt, i: cursor.id })).toString('base64url');
}

export function decodeLogCursor(token: string): LogCursor {
  try {
    const parsed = CursorSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return { createdAt: parsed.c, id: parsed.i };
  } catch {
    throw new InvalidRequestError(
      'cursor is not a cursor this API returned; pass next_cursor from the previous page.',
      {
        param: 'cursor',
        code: 'invalid_cursor',
        problems: [{ path: 'cursor', message: 'not a valid cursor' }],
      },
    );
  }
}
