import type { GatewayConfig } from '@sluice/config';

/** USD per 1M tokens: `{ input, output, cached_input?, cache_write? }`, the shape of `pricing` in sluice.yaml. */
export type ModelPrice = GatewayConfig['pricing'][string];

/** A higher rate that applies to the whole request once its prompt passes a size (Gemini Pro over 200k tokens). */
export interface LongContextPrice {
  /** Prompts of more than this many tokens are billed at `price`. */
  above_prompt_tokens: number;
  price: ModelPrice;
}

/** A built-in entry: a price, and for some models a long-context tier. */
export interface TieredModelPrice extends ModelPrice {
  long_context?: LongContextPrice;
}
