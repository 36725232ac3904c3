import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOfflineEmbedder } from './offline-embedder';

const cosine = (left: number[], right: number[]) =>
  left.reduce((sum, value, index) => sum + value * (right[index] ?? 0), 0);

describe('createOfflineEmbedder', () => {
  it('embeds offline with USE lite in a worker thread: 512 unit-length dimensions, paraphrases closer than unrelated texts', async () => {
    const embedder = createOfflineEmbedder();
    assert.equal(embedder.dimensions, 512);
    const [question, paraphrase, unrelated] = await embedder.embed([
      'How do I reset my password?',
      'How can I reset my password?',
      'What is the boiling point of water?',
    ]);
    assert.equal(question?.length, 512);
    assert.ok(Math.abs(Math.hypot(...(question ?? [])) - 1) < 1e-3);
    assert.ok(cosine(question ?? [], paraphrase ?? []) > 0.9);
    assert.ok(cosine(question ?? [], unrelated ?? []) < 0.5);
    const again = await createOfflineEmbedder({ thread: 'caller' }).embed(['How do I reset my password?']);
    assert.ok(cosine(question ?? [], again[0] ?? []) > 0.9999, 'the same on the calling thread as in the worker');
    assert.deepEqual(await embedder.embed([]), []);
  });
});
