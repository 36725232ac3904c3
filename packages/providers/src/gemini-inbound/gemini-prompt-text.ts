/** The text of a `countTokens` body (its `contents`, or a whole `generateContentRequest`), and its number of turns. */
export interface GeminiPromptText {
  text: string;
  turns: number;
}

/**
 * Every `text` in a countTokens body's contents, system instruction and function calls, for a count made by Sluice
 * itself when the request is not routed to a Gemini account. Linear in the body.
 */
export function geminiPromptText(body: Record<string, unknown>): GeminiPromptText {
  const request = (body.generateContentRequest as Record<string, unknown> | undefined) ?? body;
  const texts: string[] = [];
  collect([request.systemInstruction, request.contents, request.tools], texts, 0);
  const turns = Array.isArray(request.contents) ? request.contents.length : 0;
  return { text: texts.join('\n'), turns };
}

function collect(value: unknown, into: string[], depth: number): void {
  if (depth > 32 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key === 'text' && typeof item === 'string') into.push(item);
    else if (key === 'args' || key === 'response' || key === 'parameters') into.push(JSON.stringify(item));
    else collect(item, into, depth + 1);
  }
}
