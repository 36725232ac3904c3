import { countTokensInSlices } from './count-tokens-in-slices';

/** Tokens of framing per message or turn, as the chat formats count them. */
const TOKENS_PER_TURN = 3;
/** An image or document block, counted as Anthropic bills a picture of about 1,150 × 1,150 pixels. */
const TOKENS_PER_MEDIA_BLOCK = 1_600;

/** A prompt's text, how many messages (turns) frame it, and its image and document blocks. */
export interface PromptToCount {
  text: string;
  turns: number;
  mediaBlocks?: number;
}

/**
 * A token count Sluice makes itself when no provider counts (docs/anthropic-messages.md, docs/gemini-api.md): the
 * text with the tokenizer, in slices so a large body never holds the event loop, plus each turn's framing and a
 * flat count per image or document.
 */
export async function estimatePromptTokens(prompt: PromptToCount, model: string): Promise<number> {
  const textTokens = await countTokensInSlices(prompt.text, model);
  return textTokens + prompt.turns * TOKENS_PER_TURN + (prompt.mediaBlocks ?? 0) * TOKENS_PER_MEDIA_BLOCK;
}
