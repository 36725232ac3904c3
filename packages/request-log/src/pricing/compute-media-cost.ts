import type { MediaUsage } from '@sluice/queues';
import type { MediaPrice } from './built-in-media-prices';

const SECONDS_PER_MINUTE = 60;
const PER_MILLION = 1_000_000;

/**
 * What a media answer cost (docs/images-and-audio.md, "Cost"): images at the price of their quality and size (the
 * model's defaults when the request named none, or `auto`), audio by the minute (to the second), speech by characters.
 * Undefined when the model has no price for what was used: unknown, not free.
 */
export function computeMediaCost(usage: MediaUsage, price: MediaPrice | undefined): number | undefined {
  if (price === undefined) return undefined;
  if (usage.images !== undefined) {
    const quality = known(usage.image_quality) ?? price.default_quality ?? 'standard';
    const size = known(usage.image_size) ?? price.default_size ?? '1024x1024';
    const bySize = price.per_image?.[quality];
    const each = bySize?.[size] ?? bySize?.['*'];
    return each === undefined ? undefined : roundUsd(each * usage.images);
  }
  if (usage.audio_seconds !== undefined)
    return price.per_audio_minute === undefined
      ? undefined
      : roundUsd((usage.audio_seconds / SECONDS_PER_MINUTE) * price.per_audio_minute);
  if (usage.characters !== undefined)
    return price.per_million_characters === undefined
      ? undefined
      : roundUsd((usage.characters / PER_MILLION) * price.per_million_characters);
  return undefined;
}

function known(value: string | undefined): string | undefined {
  return value === undefined || value === 'auto' ? undefined : value;
}

function roundUsd(value: number): number {
  return Math.round(value * 1e11) / 1e11;
}
