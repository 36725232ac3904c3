import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configNamedBy, modelAliasTarget } from './model-alias';

const models = { fast: 'default', 'claude-*': 'claude', 'claude-opus-*': 'opus', 'gpt-4o*': 'openai', '*': 'anything' };

test('an exact alias wins over every glob', () => {
  assert.equal(modelAliasTarget(models, 'fast'), 'default');
  assert.equal(modelAliasTarget({ ...models, 'claude-opus-4': 'exact' }, 'claude-opus-4'), 'exact');
});

test('the longest matching glob wins', () => {
  assert.equal(modelAliasTarget(models, 'claude-opus-4-1'), 'opus');
  assert.equal(modelAliasTarget(models, 'claude-haiku-4-5'), 'claude');
  assert.equal(modelAliasTarget(models, 'gpt-4o-mini'), 'openai');
  assert.equal(modelAliasTarget(models, 'mistral-large'), 'anything');
});

test('a glob matches the whole name, and regex characters in it are literal', () => {
  const dotted = { 'gpt-4.1*': 'g41' };
  assert.equal(modelAliasTarget(dotted, 'gpt-4.1-mini'), 'g41');
  assert.equal(modelAliasTarget(dotted, 'gpt-401'), undefined);
  assert.equal(modelAliasTarget({ 'claude-*': 'c' }, 'my-claude-x'), undefined);
});

test('a name is looked up as a config id before the models map', () => {
  const config = { configs: { 'claude-special': {} }, models };
  assert.equal(configNamedBy(config, 'claude-special'), 'claude-special');
  assert.equal(configNamedBy(config, 'claude-other'), 'claude');
  assert.equal(configNamedBy({ configs: {}, models: {} }, 'x'), undefined);
});
