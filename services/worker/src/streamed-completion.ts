import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatStreamTranslator,
  FinishReason,
  ToolCall,
  Usage,
} from '@sluice/providers';
import type { CallOutcome } from './call-outcome';

interface ChoiceState {
  content: string;
  sawContent: boolean;
  refusal: string | undefined;
  toolCalls: Map<number, { id: string; name: string; arguments: string }>;
  finishReason: FinishReason | null;
}

/**
 * Assembles the ChatCompletion a stream amounts to, chunk by chunk: content and refusals concatenated, tool
 * calls merged by index, the last finish reason kept. What the response cache stores for a streamed answer.
 */
export class StreamedCompletion {
  private identity: { id: string; created: number; model: string; system_fingerprint?: string | null } | undefined;
  private readonly choices = new Map<number, ChoiceState>();

  add(chunk: ChatCompletionChunk): void {
    this.identity ??= { id: chunk.id, created: chunk.created, model: chunk.model };
    if (chunk.system_fingerprint) this.identity.system_fingerprint = chunk.system_fingerprint;
    for (const choice of chunk.choices) {
      const state = this.choiceState(choice.index);
      const { delta } = choice;
      if (typeof delta.content === 'string') {
        state.content += delta.content;
        state.sawContent = true;
      }
      if (typeof delta.refusal === 'string') state.refusal = (state.refusal ?? '') + delta.refusal;
      for (const call of delta.tool_calls ?? []) {
        const merged = state.toolCalls.get(call.index) ?? { id: '', name: '', arguments: '' };
        merged.id ||= call.id ?? '';
        merged.name += call.function?.name ?? '';
        merged.arguments += call.function?.arguments ?? '';
        state.toolCalls.set(call.index, merged);
      }
      if (choice.finish_reason) state.finishReason = choice.finish_reason;
    }
  }

  /** The assembled ChatCompletion as JSON text; undefined when the stream carried no choice or never finished one. */
  toJson(usage: Usage | undefined): string | undefined {
    if (!this.identity || this.choices.size === 0) return undefined;
    if ([...this.choices.values()].some((state) => state.finishReason === null)) return undefined;
    const completion: ChatCompletion = {
      ...this.identity,
      object: 'chat.completion',
      choices: [...this.choices.entries()].sort(([a], [b]) => a - b).map(([index, state]) => toChoice(index, state)),
    };
    if (usage) completion.usage = usage;
    return JSON.stringify(completion);
  }

  private choiceState(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (!state) {
      state = { content: '', sawContent: false, refusal: undefined, toolCalls: new Map(), finishReason: null };
      this.choices.set(index, state);
    }
    return state;
  }
}

function toChoice(index: number, state: ChoiceState): ChatCompletion['choices'][number] {
  const message: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: state.sawContent || state.toolCalls.size === 0 ? state.content : null,
  };
  if (state.refusal !== undefined) message.refusal = state.refusal;
  if (state.toolCalls.size > 0) {
    message.tool_calls = [...state.toolCalls.entries()]
      .sort(([a], [b]) => a - b)
      .map(
        ([, call]): ToolCall => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        }),
      );
  }
  return { index, message, finish_reason: state.finishReason };
}

/**
 * The outcome of a stream relayed to its end: the translator told the body ended, the usage the provider reported
 * (else the translator's) and the ChatCompletion the chunks amount to, as JSON text, for the cache and the log.
 */
export function relayedStreamOutcome(
  stream: { translator: ChatStreamTranslator; assembled: StreamedCompletion; usage: Usage | undefined },
  servedModel: string,
  ttftMs: number | undefined,
): CallOutcome {
  stream.translator.finish();
  const usage = stream.usage ?? stream.translator.usage();
  return {
    body: undefined,
    usage,
    servedModel,
    ttftMs,
    streamedBody: stream.assembled.toJson(usage),
    loggedAsJson: true,
  };
}
