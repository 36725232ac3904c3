import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { geminiCallPathOf } from './gemini-call-path';

describe('geminiCallPathOf', () => {
  it('reads the model and the method of a Gemini call path', () => {
    assert.deepEqual(geminiCallPathOf('/v1beta/models/gemini-2.5-flash:streamGenerateContent'), {
      model: 'gemini-2.5-flash',
      method: 'streamGenerateContent',
    });
    assert.deepEqual(geminiCallPathOf('/V1BETA/Models/my%20model:countTokens/'), {
      model: 'my model',
      method: 'countTokens',
    });
  });

  it('is undefined for other paths, methods Sluice does not serve and unreadable model names', () => {
    for (const path of [
      '/v1beta/models',
      '/v1beta/models/gemini-2.5-flash',
      '/v1beta/models/gemini-2.5-flash:predict',
      '/v1beta/models/gemini-2.5-flash:generatecontent',
      '/v1beta/tunedModels/x:generateContent',
      '/v1beta/models/%E0%A4%A:generateContent',
      `/v1beta/models/${'m'.repeat(257)}:generateContent`,
    ])
      assert.equal(geminiCallPathOf(path), undefined, path);
  });
});
