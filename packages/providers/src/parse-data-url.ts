/** A `data:` URL's media type and base64 payload. */
export interface DataUrl {
  mediaType: string;
  data: string;
}

const DATA_URL = /^data:([^;,]+)((?:;[^;,]+)*);base64,(.*)$/s;

/** Parses `data:<media type>[;params];base64,<data>`; undefined for anything else (including non-base64 data URLs). */
export function parseDataUrl(url: string): DataUrl | undefined {
  const match = DATA_URL.exec(url);
  if (!match || match[1] === undefined || match[3] === undefined) return undefined;
  return { mediaType: match[1].toLowerCase(), data: match[3] };
}

/** True for an absolute http or https URL. */
export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
