// Reads an OpenAI chat completion stream (server-sent events) as it arrives.

/** A stream's usage chunk. @typedef {{ prompt_tokens: number, completion_tokens: number }} StreamUsage */

/**
 * Calls `onText` with each piece of the answer and resolves with `{ usage, firstTokenMs }` once the stream ends;
 * `startedAt` is when the request was sent (performance.now()).
 * @param {Response} response
 * @param {number} startedAt
 * @param {(text: string) => void} onText
 * @returns {Promise<{ usage: StreamUsage | null, firstTokenMs: number | null }>}
 */
export async function readChatStream(response, startedAt, onText) {
  if (!response.body) throw new Error('the stream has no body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  /** @type {StreamUsage | null} */
  let usage = null;
  /** @type {number | null} */
  let firstTokenMs = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    const events = buffered.split('\n\n');
    buffered = events.pop() ?? '';
    for (const event of events) {
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('');
      if (data === '' || data === '[DONE]') continue;
      const chunk = JSON.parse(data);
      if (chunk.error) throw new Error(chunk.error.message ?? 'the stream failed');
      const text = chunk.choices?.[0]?.delta?.content;
      if (text) {
        if (firstTokenMs === null) firstTokenMs = performance.now() - startedAt;
        onText(text);
      }
      if (chunk.usage) usage = chunk.usage;
    }
  }
  return { usage, firstTokenMs };
}
