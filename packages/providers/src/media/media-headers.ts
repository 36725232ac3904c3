import type { MediaRequestBody } from '../provider-adapter';

/** An account's JSON headers made right for a media body: its content type, and its length when known. */
export function mediaHeaders(headers: Record<string, string>, media: MediaRequestBody): Record<string, string> {
  const result: Record<string, string> = { ...headers, 'content-type': media.contentType };
  if (media.contentLength !== undefined) result['content-length'] = String(media.contentLength);
  return result;
}
