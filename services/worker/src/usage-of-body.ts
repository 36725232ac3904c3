import type { Usage } from '@sluice/providers';

/** The `usage` of an OpenAI-format answer (JSON text), with missing counts as 0; undefined when it has none. */
export function usageOfBody(body: string): Usage | undefined {
  let usage: Partial<Usage> | undefined;
  try {
    usage = (JSON.parse(body) as { usage?: Partial<Usage> }).usage;
  } catch {
    return undefined;
  }
  if (typeof usage?.prompt_tokens !== 'number') return undefined;
  const completion = usage.completion_tokens ?? 0;
  return {
    ...usage,
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: completion,
    total_tokens: usage.total_tokens ?? usage.prompt_tokens + completion,
  };
}
