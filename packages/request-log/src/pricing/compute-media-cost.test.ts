import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeMediaCost } from './compute-media-cost';
import { PriceBook } from './price-book';

const book = new PriceBook();

describe('computeMediaCost', () => {
  test('images by quality and size, at the model’s defaults for auto or none', () => {
    const dallE3 = book.lookupMedia('dall-e-3');
    assert.equal(computeMediaCost({ images: 2, image_size: '1792x1024', image_quality: 'hd' }, dallE3), 0.24);
    assert.equal(computeMediaCost({ images: 1 }, dallE3), 0.04);
    assert.equal(computeMediaCost({ images: 1, image_quality: 'auto' }, book.lookupMedia('gpt-image-1')), 0.167);
    assert.equal(
      computeMediaCost({ images: 1, image_size: '333x333' }, dallE3),
      undefined,
      'an unknown size is unpriced',
    );
  });

  test('audio by the minute, to the second; speech by the million characters', () => {
    assert.equal(computeMediaCost({ audio_seconds: 90 }, book.lookupMedia('whisper-1')), 0.009);
    assert.equal(computeMediaCost({ characters: 2_000 }, book.lookupMedia('tts-1-hd')), 0.06);
  });

  test('a model without a media price, or without a price for what was used, is unpriced', () => {
    assert.equal(computeMediaCost({ audio_seconds: 10 }, book.lookupMedia('my-own-whisper')), undefined);
    assert.equal(computeMediaCost({ characters: 10 }, book.lookupMedia('whisper-1')), undefined);
  });

  test('dated snapshots resolve to their model’s price', () => {
    assert.equal(computeMediaCost({ images: 1 }, book.lookupMedia('gpt-image-1-2025-04-15')), 0.167);
  });
});
