/**
 * A Gemini generate call as the chat fields budgets and limits read (docs/gemini-api.md): the model its path names,
 * its turns, system instruction and tools as the prompt, `maxOutputTokens` and `candidateCount` as the output it
 * allows. The body is referenced, not copied.
 */
export function geminiUsageView(model: string, body: Record<string, unknown>): Record<string, unknown> {
  const generation = body.generationConfig;
  const config =
    generation !== null && typeof generation === 'object' && !Array.isArray(generation)
      ? (generation as Record<string, unknown>)
      : undefined;
  return {
    model,
    messages: Array.isArray(body.contents) ? body.contents : [],
    system: body.systemInstruction,
    tools: body.tools,
    max_tokens: config?.maxOutputTokens,
    n: config?.candidateCount,
  };
}
