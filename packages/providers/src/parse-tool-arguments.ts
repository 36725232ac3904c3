import { InvalidRequestError } from '@sluice/errors';

/** An assistant tool call's `arguments` string as the JSON object providers want; `''` is `{}`. */
export function parseToolArguments(text: string, param: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidRequestError('Tool call arguments must be a JSON object; this is not valid JSON.', { param });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidRequestError('Tool call arguments must be a JSON object.', { param });
  }
  return parsed as Record<string, unknown>;
}
