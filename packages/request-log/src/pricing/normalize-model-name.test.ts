import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelNameCandidates, normalizeModelName } from './normalize-model-name';

describe('normalizeModelName', () => {
  const cases: [string, string][] = [
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['GPT-4o', 'gpt-4o'],
    ['openai/gpt-4.1-mini-2025-04-14', 'gpt-4.1-mini'],
    ['gpt-4-0613', 'gpt-4'],
    ['gpt-3.5-turbo-0125', 'gpt-3.5-turbo'],
    ['o3-2025-04-16', 'o3'],
    ['gpt-5-nano-2025-08-07', 'gpt-5-nano'],
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
    ['anthropic/claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', 'claude-3-5-haiku'],
    ['claude-3-5-sonnet@20240620', 'claude-3-5-sonnet'],
    ['models/gemini-2.0-flash-001', 'gemini-2.0-flash'],
    ['gemini-2.5-flash-preview-05-20', 'gemini-2.5-flash'],
    ['gemini-1.5-flash-8b-001', 'gemini-1.5-flash-8b'],
    ['text-embedding-3-small', 'text-embedding-3-small'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} → ${expected}`, () => assert.equal(normalizeModelName(input), expected));
  }

  it('lists the specific snapshot before the base model', () => {
    assert.deepEqual(modelNameCandidates('gpt-4o-2024-05-13'), ['gpt-4o-2024-05-13', 'gpt-4o']);
    assert.deepEqual(modelNameCandidates('gpt-4-1106-preview'), ['gpt-4-1106-preview', 'gpt-4-1106', 'gpt-4']);
  });
});
