import { InvalidRequestError } from '@sluice/errors';
import type { ChatCompletionRequest, ChatMessage } from '../openai-chat-schema';
import { asksForReasoning, type ReasoningEffort, readReasoningDetails, readReasoningEffort } from '../reasoning';
import type { AnthropicMessagesRequest } from './anthropic-request-schema';

/** Thinking budgets for models that take a fixed budget (Claude 3.7 up to the 4.5 family). */
const THINKING_BUDGETS = { low: 2_048, medium: 8_192, high: 16_384, xhigh: 32_768 } as const;
/** Anthropic's floor for a thinking budget. */
const MIN_THINKING_BUDGET = 1_024;

/** How a model is asked to think: a fixed budget, adaptive thinking with an effort, or not at all. */
export type ThinkingStyle = 'budget' | 'adaptive' | 'none';

/**
 * Claude 3.7 and the 4.0–4.5 models take `thinking: {type: "enabled", budget_tokens}`; earlier Claude 3 models cannot
 * think; every later model (Opus 4.6 on, and names Sluice does not know) takes adaptive thinking with
 * `output_config.effort`, the form Anthropic keeps going forward.
 */
export function thinkingStyleOf(model: string): ThinkingStyle {
  if (/claude-3-7/.test(model)) return 'budget';
  if (/claude-(3|2|instant)/.test(model)) return 'none';
  const version = /claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d{1,2})(?!\d))?/.exec(model);
  if (version?.[1] === '4' && Number(version[2] ?? 0) <= 5) return 'budget';
  return 'adaptive';
}

type ThinkingFields = Pick<AnthropicMessagesRequest, 'max_tokens' | 'thinking'> & { effort?: string };

/**
 * `reasoning_effort` as Anthropic thinking. `none` and `minimal` leave thinking off; low to xhigh turn it on —
 * adaptive with that effort (xhigh as high), or a fixed budget that fits under `max_tokens` (which counts thinking
 * too; when the client set no limit, the answer's default room is added to the budget). Thinking is left off for a
 * step whose last assistant turn called tools without handing back its reasoning, which Anthropic would refuse.
 * Sampling that thinking cannot use (a temperature other than 1, top_k, forced tool use) is a 400 naming it.
 */
export function toAnthropicThinking(
  request: ChatCompletionRequest,
  model: string,
  maxTokens: { requested: number | undefined; fallback: number },
): ThinkingFields {
  const effort = readReasoningEffort(request);
  const style = thinkingStyleOf(model);
  const off: ThinkingFields = { max_tokens: maxTokens.requested ?? maxTokens.fallback };
  if (!asksForReasoning(effort) || style === 'none' || lastToolTurnLacksReasoning(request.messages)) return off;
  rejectSamplingThinkingCannotUse(request);
  if (style === 'adaptive') return { ...off, thinking: { type: 'adaptive' }, effort: adaptiveEffort(effort) };
  const budget = THINKING_BUDGETS[effort];
  if (maxTokens.requested === undefined)
    return { max_tokens: budget + maxTokens.fallback, thinking: { type: 'enabled', budget_tokens: budget } };
  const fitted = Math.min(budget, maxTokens.requested - 1);
  if (fitted < MIN_THINKING_BUDGET) return off;
  return { max_tokens: maxTokens.requested, thinking: { type: 'enabled', budget_tokens: fitted } };
}

function adaptiveEffort(effort: Exclude<ReasoningEffort, 'none' | 'minimal'>): string {
  return effort === 'xhigh' ? 'high' : effort;
}

function lastToolTurnLacksReasoning(messages: readonly ChatMessage[]): boolean {
  const lastAssistant = messages.findLast((message) => message.role === 'assistant');
  if (lastAssistant?.role !== 'assistant' || (lastAssistant.tool_calls ?? []).length === 0) return false;
  return readReasoningDetails(lastAssistant.reasoning_details).length === 0;
}

function rejectSamplingThinkingCannotUse(request: ChatCompletionRequest): void {
  const refuse = (param: string, why: string) => {
    throw new InvalidRequestError(`The anthropic provider cannot think (\`reasoning_effort\`) ${why}.`, { param });
  };
  if (typeof request.temperature === 'number' && request.temperature !== 1)
    refuse('temperature', 'with a temperature other than 1');
  if (request.top_k !== undefined && request.top_k !== null) refuse('top_k', 'with top_k');
  const choice = request.tool_choice;
  if (choice === 'required' || (typeof choice === 'object' && choice !== null))
    refuse('tool_choice', 'while a tool call is forced');
}
