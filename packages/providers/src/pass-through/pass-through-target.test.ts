import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { passThroughTarget } from './pass-through-target';

describe('passThroughTarget', () => {
  it('appends the path to an OpenAI-compatible base URL, with the account’s key and headers', () => {
    const target = passThroughTarget(
      { type: 'openai', base_url: 'https://api.openai.com/v1/', headers: { 'openai-organization': 'org_1' } },
      'sk-provider',
      'vector_stores/vs_1',
      '?limit=2',
    );
    assert.deepEqual(target, {
      url: 'https://api.openai.com/v1/vector_stores/vs_1?limit=2',
      headers: { 'openai-organization': 'org_1', authorization: 'Bearer sk-provider' },
    });
  });

  it('uses Azure’s v1 API and Anthropic’s /v1 paths with their own key headers; Gemini has none', () => {
    assert.deepEqual(
      passThroughTarget({ type: 'azure-openai', base_url: 'https://r.openai.azure.com/openai' }, 'az', 'files', ''),
      { url: 'https://r.openai.azure.com/openai/v1/files', headers: { 'api-key': 'az' } },
    );
    assert.deepEqual(passThroughTarget({ type: 'anthropic' }, 'sk-ant', 'files', ''), {
      url: 'https://api.anthropic.com/v1/files',
      headers: { 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant' },
    });
    assert.equal(passThroughTarget({ type: 'gemini' }, 'g', 'files', ''), undefined);
  });
});
