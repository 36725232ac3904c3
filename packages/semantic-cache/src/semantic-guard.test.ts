import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { semanticGuard } from './semantic-guard';

const refusal = (left: string, right: string) => {
  const verdict = semanticGuard(left, right);
  return verdict.ok ? undefined : verdict.reason;
};

describe('semanticGuard', () => {
  it('lets paraphrases through', () => {
    for (const [left, right] of [
      ['How do I enable 2FA?', 'How can I turn on 2FA for my account?'],
      ['What is the capital of France?', "what's france's capital"],
      ["I don't want sugar in my coffee", 'I do not want sugar in my coffee'],
      ['Convert 5 km to miles', 'How many miles are 5 km?'],
      ['Show me how to hide a column in Excel', 'How can I hide a column in Excel?'],
    ]) {
      assert.equal(refusal(left as string, right as string), undefined, `${left} / ${right}`);
    }
  });

  it('refuses texts that differ in numbers, negation, polarity or entities', () => {
    assert.equal(refusal('How do I enable 2FA?', 'How do I disable 2FA?'), 'polarity');
    assert.equal(refusal('Convert 5 km to miles', 'Convert 50 km to miles'), 'numbers');
    assert.equal(refusal('Convert five km to miles', 'Convert 5 km to miles'), undefined);
    assert.equal(refusal('Coffee with sugar', 'Coffee without sugar'), 'negation');
    assert.equal(refusal('Is it safe to eat raw eggs?', 'Is it not safe to eat raw eggs?'), 'negation');
    assert.equal(refusal('What is the capital of France?', 'What is the capital of Spain?'), 'entities');
    assert.equal(refusal('Sort the list in ascending order', 'Sort the list in descending order'), 'polarity');
    assert.equal(refusal('How do I archive an email?', 'How do I unarchive an email?'), 'polarity');
    assert.equal(refusal('How can I undo my last commit?', 'How do I undo the last commit?'), undefined);
  });
});
