import { randomUUID } from 'node:crypto';
import type { ToolCall } from '../openai-chat-schema';
import type { GeminiCandidate } from './gemini-wire-schemas';

export interface CandidateContent {
  /** Answer text (thought summaries left out); null when there is none. */
  text: string | null;
  /** Thought summaries (sent when thinking's `includeThoughts` is on), joined; null when there are none. */
  thoughts: string | null;
  toolCalls: ToolCall[];
}

/** Gemini rarely ids its function calls; Sluice gives each call an OpenAI-style id the client echoes back. */
function toolCallId(id: string | undefined): string {
  return id ?? `call_${randomUUID().replaceAll('-', '')}`;
}

/** The text, thought summaries and function calls of one candidate's parts. */
export function readGeminiCandidate(candidate: GeminiCandidate): CandidateContent {
  const texts: string[] = [];
  const thoughts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const part of candidate.content?.parts ?? []) {
    if (part.functionCall) {
      const { id, name, args } = part.functionCall;
      toolCalls.push({
        id: toolCallId(id),
        type: 'function',
        function: { name, arguments: JSON.stringify(args ?? {}) },
      });
    } else if (part.text !== undefined) {
      (part.thought === true ? thoughts : texts).push(part.text);
    }
  }
  return {
    text: texts.length === 0 ? null : texts.join(''),
    thoughts: thoughts.length === 0 ? null : thoughts.join(''),
    toolCalls,
  };
}
