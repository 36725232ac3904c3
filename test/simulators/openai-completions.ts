/**
 * OpenAI legacy completions (`POST /v1/completions`, also the Azure deployment route `…/completions`): one choice
 * per prompt (times `n`), `Echo: <prompt>` cut to `max_tokens` (16 by default, as OpenAI) at 4 characters a token,
 * `echo` prepending the prompt, and the `text_completion` stream with a usage chunk when `stream_options.include_usage`.
 */
import { countTokens, randomId, splitIntoWordDeltas } from './echo-answer';
import { openAIInvalidRequest } from './openai-error-body';
import { isRecord, type JsonReply } from './simulator-exchange';

const DEFAULT_MAX_TOKENS = 16;

export interface CompletionsAnswer {
  /** The JSON answer, or the stream's `data:` payloads (the last one `[DONE]`); or the provider's 400. */
  reply?: JsonReply;
  events?: string[];
}

interface Choice {
  text: string;
  finishReason: 'stop' | 'length';
}

function promptsOf(prompt: unknown): string[] | undefined {
  if (typeof prompt === 'string') return [prompt];
  if (!Array.isArray(prompt) || prompt.length === 0) return undefined;
  if (prompt.every((item) => typeof item === 'string')) return prompt as string[];
  if (prompt.every((item) => typeof item === 'number')) return [prompt.join(' ')];
  return undefined;
}

function answerFor(prompt: string, maxTokens: number, echo: boolean): Choice {
  const full = `Echo: ${prompt}`;
  const limit = maxTokens * 4;
  const text = full.length > limit ? full.slice(0, limit) : full;
  return { text: echo ? `${prompt}${text}` : text, finishReason: full.length > limit ? 'length' : 'stop' };
}

/** `defaultModel` is the Azure deployment name, used when the body names no model. */
export function answerOpenAICompletions(body: unknown, defaultModel?: string): CompletionsAnswer {
  if (!isRecord(body)) return { reply: openAIInvalidRequest('Invalid type for body: expected an object.') };
  const model = typeof body.model === 'string' && body.model !== '' ? body.model : defaultModel;
  if (model === undefined) return { reply: openAIInvalidRequest('you must provide a model parameter') };
  const prompts = promptsOf(body.prompt);
  if (prompts === undefined)
    return {
      reply: openAIInvalidRequest("Missing required parameter: 'prompt'.", 'prompt', 'missing_required_parameter'),
    };
  const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : DEFAULT_MAX_TOKENS;
  const n = typeof body.n === 'number' ? body.n : 1;
  const choices = prompts.flatMap((prompt) =>
    Array.from({ length: n }, () => answerFor(prompt, maxTokens, body.echo === true)),
  );
  const promptTokens = prompts.reduce((sum, prompt) => sum + countTokens(prompt.length), 0);
  const completionTokens = choices.reduce((sum, choice) => sum + countTokens(choice.text.length), 0);
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  const base = { id: randomId('cmpl-', 29), object: 'text_completion', created: Math.floor(Date.now() / 1000), model };
  if (body.stream !== true) {
    const completion = {
      ...base,
      choices: choices.map((choice, index) => ({
        text: choice.text,
        index,
        logprobs: null,
        finish_reason: choice.finishReason,
      })),
      usage,
    };
    return { reply: { status: 200, body: completion } };
  }
  const events: string[] = [];
  choices.forEach((choice, index) => {
    for (const piece of splitIntoWordDeltas(choice.text))
      events.push(JSON.stringify({ ...base, choices: [{ text: piece, index, logprobs: null, finish_reason: null }] }));
    events.push(
      JSON.stringify({ ...base, choices: [{ text: '', index, logprobs: null, finish_reason: choice.finishReason }] }),
    );
  });
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  if (streamOptions.include_usage === true) events.push(JSON.stringify({ ...base, choices: [], usage }));
  events.push('[DONE]');
  return { events };
}
