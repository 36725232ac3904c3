import type { ChatCompletionChunk, FinishReason, Usage } from '../openai-response-types';
import {
  type GeminiAnswerPart,
  toGeminiFinishReason,
  toGeminiFunctionCall,
  toGeminiUsageMetadata,
} from './to-gemini-generate-response';

interface OpenChoice {
  calls: { id: string; name: string; arguments: string }[];
  finishReason: FinishReason | null;
}

/**
 * OpenAI chunks as Gemini's streamGenerateContent events (docs/gemini-api.md): text as it arrives; tool calls, which
 * Gemini sends whole, once their arguments are complete; the finish reasons with the usage, on the last event, as
 * Gemini sends them.
 */
export class GeminiStreamEncoder {
  private readonly choices = new Map<number, OpenChoice>();
  private usage: Usage | undefined;
  private model: string;
  private responseId = '';

  constructor(requestedModel: string) {
    this.model = requestedModel;
  }

  /** The events one chunk completes (none while tool-call arguments or the finish are still arriving). */
  encode(chunk: ChatCompletionChunk): Record<string, unknown>[] {
    if (chunk.model) this.model = chunk.model;
    if (chunk.id) this.responseId = chunk.id;
    if (chunk.usage) this.usage = chunk.usage;
    const candidates: Record<string, unknown>[] = [];
    for (const choice of chunk.choices) {
      const open = this.choiceAt(choice.index);
      for (const delta of choice.delta.tool_calls ?? []) {
        const call = open.calls[delta.index] ?? { id: '', name: '', arguments: '' };
        open.calls[delta.index] = call;
        if (delta.id) call.id = delta.id;
        call.name += delta.function?.name ?? '';
        call.arguments += delta.function?.arguments ?? '';
      }
      if (choice.finish_reason) open.finishReason = choice.finish_reason;
      if (choice.delta.content)
        candidates.push({ content: { role: 'model', parts: [{ text: choice.delta.content }] }, index: choice.index });
    }
    return candidates.length === 0 ? [] : [this.event(candidates)];
  }

  /** The last event: each choice's tool calls and finish reason, and the usage. */
  finish(): Record<string, unknown>[] {
    const candidates = [...this.choices.entries()].map(([index, open]) => {
      const parts: GeminiAnswerPart[] = open.calls.map((call) =>
        toGeminiFunctionCall({ id: call.id, function: { name: call.name, arguments: call.arguments } }),
      );
      const finishReason = toGeminiFinishReason(open.finishReason);
      return {
        content: { role: 'model', parts: parts.length > 0 ? parts : [{ text: '' }] },
        ...(finishReason ? { finishReason } : {}),
        index,
      };
    });
    if (candidates.length === 0 && !this.usage) return [];
    return [this.event(candidates)];
  }

  private event(candidates: Record<string, unknown>[]): Record<string, unknown> {
    return {
      candidates,
      ...(this.usage ? { usageMetadata: toGeminiUsageMetadata(this.usage) } : {}),
      modelVersion: this.model,
      responseId: this.responseId,
    };
  }

  private choiceAt(index: number): OpenChoice {
    let open = this.choices.get(index);
    if (!open) {
      open = { calls: [], finishReason: null };
      this.choices.set(index, open);
    }
    return open;
  }
}
