/**
 * What the request log keeps of a media answer: images without their base64 data (`b64_json` becomes a note of its
 * size), anything else as it is. A log row never holds megabytes of image bytes.
 */
export function loggedMediaBody(answer: string): string {
  if (!answer.includes('"b64_json"')) return answer;
  try {
    const parsed = JSON.parse(answer) as { data?: unknown };
    if (!Array.isArray(parsed.data)) return answer;
    const data = parsed.data.map((image: unknown) => {
      if (image === null || typeof image !== 'object') return image;
      const { b64_json: base64, ...rest } = image as Record<string, unknown>;
      return typeof base64 === 'string' ? { ...rest, b64_json: `[${base64.length} base64 characters]` } : image;
    });
    return JSON.stringify({ ...parsed, data });
  } catch {
    return answer;
  }
}
