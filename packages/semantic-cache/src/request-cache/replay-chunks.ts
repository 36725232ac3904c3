import type { ChatCompletion, ChatCompletionChunk } from '@sluice/providers';

type Choice = ChatCompletion['choices'][number];
type Delta = ChatCompletionChunk['choices'][number]['delta'];

/** Pieces a cached message's text is replayed in. */
const CONTENT_PIECES = 4;

/**
 * A cached ChatCompletion as the chunk sequence of a stream (JSON texts): per choice a role chunk, the content in a
 * few pieces, any refusal and tool calls, and a finish chunk; then the usage chunk when the client asked for it.
 */
export function replayChunks(completion: ChatCompletion, includeUsage: boolean): string[] {
  const identity = {
    id: completion.id,
    object: 'chat.completion.chunk' as const,
    created: completion.created,
    model: completion.model,
  };
  const extra = completion.system_fingerprint ? { system_fingerprint: completion.system_fingerprint } : {};
  const chunk = (choices: ChatCompletionChunk['choices'], usage?: ChatCompletion['usage']): string =>
    JSON.stringify({ ...identity, ...extra, choices, ...(usage ? { usage } : {}) });
  const chunks: string[] = [];
  for (const choice of completion.choices) {
    for (const delta of choiceDeltas(choice)) chunks.push(chunk([{ index: choice.index, delta, finish_reason: null }]));
    chunks.push(chunk([{ index: choice.index, delta: {}, finish_reason: choice.finish_reason ?? 'stop' }]));
  }
  if (includeUsage && completion.usage) chunks.push(chunk([], completion.usage));
  return chunks;
}

function choiceDeltas(choice: Choice): Delta[] {
  const { message } = choice;
  const deltas: Delta[] = [{ role: 'assistant', content: '' }];
  for (const piece of splitText(message.content ?? '', CONTENT_PIECES)) deltas.push({ content: piece });
  if (typeof message.refusal === 'string' && message.refusal !== '') deltas.push({ refusal: message.refusal });
  (message.tool_calls ?? []).forEach((call, index) => {
    deltas.push({
      tool_calls: [
        {
          index,
          id: call.id,
          type: 'function',
          function: { name: call.function.name, arguments: call.function.arguments },
        },
      ],
    });
  });
  return deltas;
}

/** Up to `pieces` consecutive parts of the text, cut after whitespace where possible; none for empty text. */
export function splitText(text: string, pieces: number): string[] {
  if (text === '') return [];
  const parts: string[] = [];
  let start = 0;
  for (let piece = 1; piece < pieces && start < text.length; piece += 1) {
    const target = Math.round((text.length * piece) / pieces);
    if (target <= start) continue;
    const space = text.indexOf(' ', target);
    let end = space === -1 || space - target > 16 ? target : space + 1;
    if (isLowSurrogate(text.charCodeAt(end))) end += 1;
    if (end >= text.length) break;
    parts.push(text.slice(start, end));
    start = end;
  }
  parts.push(text.slice(start));
  return parts;
}

/** The second half of a UTF-16 surrogate pair: never cut before it. */
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
