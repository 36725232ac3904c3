import type { MediaKind, MediaUsage } from '@sluice/queues';
import { computeMediaCost, type PriceBook } from '@sluice/request-log';
import type { UsageEstimate } from '../limits/consumer-rate-limiter';
import { NANO_USD } from './budget-ledger';
import type { CandidateModel } from './route-models';

/** The most images one request may ask for (OpenAI's own bound on `n`). */
const MAX_IMAGES = 10;

/**
 * What an images or audio request will cost at most, before it runs (docs/images-and-audio.md, "Cost"): its images
 * (`n`, size and quality as asked; the model's defaults otherwise) or the characters it would have spoken, at the
 * dearest model its route could call. A transcription's length is unknown until it is answered: it reserves nothing
 * and is settled on its real cost. Media calls use no tokens.
 */
export function estimateMediaUsage(
  kind: MediaKind,
  body: Record<string, unknown>,
  candidates: readonly CandidateModel[],
  priceBook: PriceBook,
): UsageEstimate {
  const usage = expectedUsage(kind, body);
  if (usage === undefined) return { tokens: 0, nanoUsd: 0 };
  const models = candidates.length > 0 ? candidates.map((candidate) => candidate.model) : [String(body.model ?? '')];
  let nanoUsd = 0;
  for (const model of models) {
    const cost = computeMediaCost(usage, priceBook.lookupMedia(model)) ?? 0;
    nanoUsd = Math.max(nanoUsd, Math.ceil(cost * NANO_USD));
  }
  return { tokens: 0, nanoUsd };
}

function expectedUsage(kind: MediaKind, body: Record<string, unknown>): MediaUsage | undefined {
  if (kind === 'speech') return { characters: typeof body.input === 'string' ? [...body.input].length : 0 };
  if (kind === 'transcription' || kind === 'translation') return undefined;
  const asked = Number(body.n ?? 1);
  const images = Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_IMAGES) : 1;
  return {
    images,
    ...(typeof body.size === 'string' ? { image_size: body.size } : {}),
    ...(typeof body.quality === 'string' ? { image_quality: body.quality } : {}),
  };
}
