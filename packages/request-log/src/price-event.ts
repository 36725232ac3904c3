import type { CompletionEvent } from '@sluice/queues';
import { computeCost } from './pricing/compute-cost';
import { computeMediaCost } from './pricing/compute-media-cost';
import type { PriceBook } from './pricing/price-book';

export interface EventCost {
  cost_usd: number;
  saved_usd: number;
  priced: boolean;
}

/**
 * What a request cost, priced by the model that served it (the one requested when none served it, as on some
 * failures); an unknown served model stays unpriced rather than borrowing an alias's price. A cache hit cost
 * nothing: what it would have cost is what the cache saved.
 */
export function priceEvent(
  event: CompletionEvent,
  usage: { prompt_tokens: number; completion_tokens: number },
  priceBook: PriceBook,
): EventCost {
  if (event.media_usage !== undefined) {
    const mediaCost = computeMediaCost(
      event.media_usage,
      priceBook.lookupMedia(event.served_model ?? event.requested_model),
    );
    const cost = { cost_usd: mediaCost ?? 0, priced: mediaCost !== undefined };
    if (event.status === 'cached') return { cost_usd: 0, saved_usd: cost.cost_usd, priced: cost.priced };
    return { ...cost, saved_usd: 0 };
  }
  const match = priceBook.lookup(event.served_model ?? event.requested_model);
  const cost = computeCost(
    {
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: usage.completion_tokens,
      cached_tokens: event.cached_tokens,
      cache_write_tokens: event.cache_write_tokens,
      reasoning_tokens: event.reasoning_tokens,
      search_units: event.search_units,
    },
    match?.price,
  );
  if (event.status === 'cached') return { cost_usd: 0, saved_usd: cost.cost_usd, priced: cost.priced };
  return { cost_usd: cost.cost_usd, saved_usd: 0, priced: cost.priced };
}
