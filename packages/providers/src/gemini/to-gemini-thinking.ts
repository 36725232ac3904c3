import type { ReasoningEffort } from '../reasoning';
import type { GeminiThinkingConfig } from './gemini-request-types';

const THINKING_BUDGETS: Record<ReasoningEffort, number> = {
  none: 0,
  minimal: 512,
  low: 1_024,
  medium: 8_192,
  high: 24_576,
  xhigh: 24_576,
};
/** Gemini 2.5 Pro cannot turn thinking off; its smallest budget. */
const PRO_MIN_BUDGET = 128;

/**
 * `reasoning_effort` as Gemini's thinkingConfig, with thought summaries asked for whenever the model thinks (they
 * come back as `reasoning_content`; not for `none`). Gemini 3 takes a level — Flash every level, Pro low and high — and earlier
 * models a token budget (none is 0, except on 2.5 Pro, which always thinks).
 */
export function toGeminiThinking(effort: ReasoningEffort, model: string): GeminiThinkingConfig {
  const config: GeminiThinkingConfig = /gemini-3/.test(model)
    ? { thinkingLevel: thinkingLevel(effort, /flash/.test(model)) }
    : {
        thinkingBudget: /pro/.test(model)
          ? Math.max(THINKING_BUDGETS[effort], PRO_MIN_BUDGET)
          : THINKING_BUDGETS[effort],
      };
  return effort === 'none' ? config : { ...config, includeThoughts: true };
}

function thinkingLevel(effort: ReasoningEffort, flash: boolean): NonNullable<GeminiThinkingConfig['thinkingLevel']> {
  if (effort === 'high' || effort === 'xhigh') return 'high';
  if (flash) return effort === 'none' ? 'minimal' : effort;
  return effort === 'medium' ? 'high' : 'low';
}
