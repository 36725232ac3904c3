import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PriceBook } from '@sluice/request-log';
import { NANO_USD } from './budget-ledger';
import { estimateMediaUsage } from './estimate-media-usage';

const book = new PriceBook();
const usd = (estimate: { nanoUsd: number }) => estimate.nanoUsd / NANO_USD;

test('images reserve n images at the asked size and quality, at the dearest model of the route', () => {
  const body = { model: 'dall-e-3', prompt: 'p', n: 2, quality: 'hd' };
  assert.equal(usd(estimateMediaUsage('image_generation', body, [], book)), 0.16);
  const route = [
    { model: 'dall-e-2', maxTokens: undefined },
    { model: 'gpt-image-1', maxTokens: undefined },
  ];
  assert.equal(usd(estimateMediaUsage('image_edit', { n: '3' }, route, book)), 0.501, 'form fields are text');
});

test('speech reserves its characters; a transcription reserves nothing until its length is known', () => {
  assert.equal(usd(estimateMediaUsage('speech', { model: 'tts-1', input: 'x'.repeat(1000) }, [], book)), 0.015);
  assert.deepEqual(estimateMediaUsage('transcription', { model: 'whisper-1' }, [], book), { tokens: 0, nanoUsd: 0 });
});

test('an unpriced model or an absurd n reserves what can be known', () => {
  assert.equal(usd(estimateMediaUsage('image_generation', { model: 'my-painter', n: 4 }, [], book)), 0);
  assert.equal(usd(estimateMediaUsage('image_generation', { model: 'dall-e-2', n: 1e9 }, [], book)), 0.2);
});
