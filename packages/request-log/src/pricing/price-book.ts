import { BUILT_IN_MEDIA_PRICES, type MediaPrice } from './built-in-media-prices';
import { BUILT_IN_PRICES } from './built-in-prices';
import type { ModelPrice, TieredModelPrice } from './model-price';
import { modelNameCandidates } from './normalize-model-name';

/** The price a model resolved to, and which entry gave it. */
export interface PriceMatch {
  /** The table or override key that matched. */
  model: string;
  price: TieredModelPrice;
  source: 'override' | 'built-in';
}

/**
 * Resolves model names to prices: the config's `pricing` overrides first (by exact name, then snapshot-free
 * name), then the built-in table. Unknown models resolve to `undefined`, never an error.
 */
export class PriceBook {
  private readonly overrides: ReadonlyMap<string, ModelPrice>;

  constructor(
    overrides: Readonly<Record<string, ModelPrice>> = {},
    private readonly table: Readonly<Record<string, TieredModelPrice>> = BUILT_IN_PRICES,
    private readonly mediaTable: Readonly<Record<string, MediaPrice>> = BUILT_IN_MEDIA_PRICES,
  ) {
    this.overrides = new Map(Object.entries(overrides).map(([name, price]) => [name.trim().toLowerCase(), price]));
  }

  lookup(model: string | null | undefined): PriceMatch | undefined {
    if (model === null || model === undefined || model.trim() === '') return undefined;
    const exact = this.overrides.get(model.trim().toLowerCase());
    if (exact !== undefined) return { model: model.trim().toLowerCase(), price: exact, source: 'override' };
    const candidates = modelNameCandidates(model);
    for (const name of candidates) {
      const price = this.overrides.get(name);
      if (price !== undefined) return { model: name, price, source: 'override' };
    }
    for (const name of candidates) {
      const price = this.table[name];
      if (price !== undefined) return { model: name, price, source: 'built-in' };
    }
    return undefined;
  }

  /** The images or audio price of a model (built-in only: `pricing:` overrides are per token). */
  lookupMedia(model: string | null | undefined): MediaPrice | undefined {
    if (model === null || model === undefined || model.trim() === '') return undefined;
    for (const name of modelNameCandidates(model)) {
      const price = this.mediaTable[name];
      if (price !== undefined) return price;
    }
    return undefined;
  }
}
